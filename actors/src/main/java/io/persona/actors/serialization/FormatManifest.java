package io.persona.actors.serialization;

import java.io.NotSerializableException;

/**
 * The manifest stored beside a journal event or snapshot (Cassandra's {@code ser_manifest}):
 * the class's registration id and the format version its bytes were written in, such as
 * {@code 206.v2}. Rows written before formats had versions have an empty manifest: version 1.
 */
record FormatManifest(int registrationId, int version) {
  private static final String SEPARATOR = ".v";

  static FormatManifest parse(String manifest) throws NotSerializableException {
    int separator = manifest.indexOf(SEPARATOR);
    try {
      if (separator > 0) {
        return new FormatManifest(Integer.parseInt(manifest.substring(0, separator)),
            Integer.parseInt(manifest.substring(separator + SEPARATOR.length())));
      }
    } catch (NumberFormatException e) {
      // the same answer as any other manifest this serializer never writes
    }
    throw new NotSerializableException("not a stored-format manifest (registration id.v version): '" + manifest + "'");
  }

  @Override
  public String toString() {
    return registrationId + SEPARATOR + version;
  }
}
