/**
 * Scoring the candidates of one request: the {@link io.persona.models.ranking.Ranker} interface,
 * the popularity baseline (and fallback before a model exists), the network ranker that serves an
 * artifact, and {@link io.persona.models.ranking.Rankers}, which loads an artifact and refuses one
 * trained on other features.
 */
package io.persona.models.ranking;
