/**
 * The DJL networks a ranker runs: DCN-v2 (cross layers beside a ReLU tower) and logistic
 * regression over the same input, the shared embedding table of hashed ids, and moving parameters to
 * and from an artifact's bytes.
 */
package io.persona.models.ranking.network;
