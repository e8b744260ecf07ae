/**
 * The ranker offline: JMH benchmarks of training and scoring the DCN, and the Open Bandit
 * comparison of DCN, logistic regression and popularity (simulations/results/obd-comparison.json).
 */
package io.persona.simulations.ranking;
