package io.persona.models.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over length-prefixed fields, folded to 64 bits: collisions need ~2^32 distinct events per id. */
final class ContentDigest {
  private final MessageDigest sha256;

  ContentDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  ContentDigest add(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    add(bytes.length);
    sha256.update(bytes);
    return this;
  }

  ContentDigest add(long number) {
    sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(number).array());
    return this;
  }

  long toLong() {
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }
}
