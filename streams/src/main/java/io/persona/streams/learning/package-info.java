/**
 * The retraining loop, a cluster singleton on a {@code trainer} node: outcomes recorded as they are
 * confirmed, served slates joined with them into examples, challengers trained and reviewed against
 * the champion, item embeddings retrained, and skew, drift and calibration measured on each cycle's
 * data.
 */
package io.persona.streams.learning;
