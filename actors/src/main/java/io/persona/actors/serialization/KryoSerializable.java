package io.persona.actors.serialization;

/**
 * Marks a message, event or state that leaves the JVM (to another node or to the journal); the
 * binding in reference.conf sends all of them through {@link KryoSerializer}.
 */
public interface KryoSerializable {}
