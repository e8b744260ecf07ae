/**
 * Kafka ingestion: user events consumed from a topic into the node's ingest stream, offsets
 * committed only after every event up to them is persisted, records that can never be recorded
 * sent to a dead-letter topic with the reason, partitions paused while the node is behind; and
 * the local single-node KRaft broker of the Kafka profile and the tests.
 */
package io.persona.streams.kafka;
