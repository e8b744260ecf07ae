package io.persona.actors.serialization;

/**
 * Marks a message, event or state that leaves the JVM (to another node or to the journal); the
 * binding in reference.conf sends all of them through {@link KryoSerializer}. What reaches the
 * journal or the snapshot store also needs a {@link StoredFormat} in a {@link StoredFormatCatalog}.
 */
public interface KryoSerializable {}
