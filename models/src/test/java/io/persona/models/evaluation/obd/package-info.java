/**
 * The Open Bandit Dataset as an offline benchmark: reading its CSV layout, turning its logged
 * impressions into Persona's feature input, and comparing the DCN, logistic regression and
 * popularity on a time-ordered split. Run from simulations ({@code ObdReport}) and a models test,
 * never by a node.
 */
package io.persona.models.evaluation.obd;
