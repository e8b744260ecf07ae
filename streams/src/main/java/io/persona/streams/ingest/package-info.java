/**
 * The node's one ingest stream: submitted events go, bounded, to their users' entities and are
 * acknowledged once persisted. Each event ends in an outcome: the entity's answer (accepted,
 * duplicate, rejected), or unavailable (overloaded, or the journal did not confirm in time), on
 * which a retry with the same event id is safe.
 */
package io.persona.streams.ingest;
