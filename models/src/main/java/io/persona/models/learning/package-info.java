/**
 * The pure parts of the retraining loop: joining served slates with the outcomes that answered
 * them into labelled examples ({@link io.persona.models.learning.ExampleJoin}), the promotion gate
 * that decides whether a challenger replaces the champion, and item embeddings by implicit-feedback
 * ALS. Deterministic on purpose (see {@link io.persona.models.hashing.StableHash}): a re-run of the
 * same interval gives the same examples on any node.
 */
package io.persona.models.learning;
