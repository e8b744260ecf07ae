package io.persona.actors.recommend;

/**
 * What orders a request's candidates ({@code order=...}): {@code RANKED}, the served ranker (or the
 * history blend where no ranker orders that seen mode); {@code RETRIEVAL}, the history blend alone,
 * whatever ranker is served, once a history model is learned (before that the served ranker
 * orders). The second exists for evaluation: the ranked list and the retrieval-only order of the
 * same candidates, compared on the same users.
 */
public enum ListOrder {
  RANKED, RETRIEVAL
}
