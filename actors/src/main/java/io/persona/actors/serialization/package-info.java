/**
 * Everything that leaves the JVM (cluster messages, journal events, snapshots) is a
 * {@link io.persona.actors.serialization.KryoSerializable} and goes through Kryo 5 with registration
 * required and ids from configuration, so a stored or sent class keeps its id across releases.
 */
package io.persona.actors.serialization;
