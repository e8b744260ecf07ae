package io.persona.gateway.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Event ids for CSV rows without an {@code eventId} column: {@code d-<content>-<n>}, where content
 * is the first 96 bits of the SHA-256 of the row's userId, type, itemId, timestamp and value (as
 * written), and n counts the identical rows before it (1 for the first). The same file therefore
 * gets the same ids on every run, so a re-import is answered as duplicates, while two identical
 * rows (a retail order with the same line twice) stay two events.
 *
 * <p>One instance counts over what it has seen: the HTTP endpoint over one request, the
 * {@code persona import} command over the whole file (so chunking and resuming do not change an
 * id). It keeps one entry per distinct row (about 100 bytes each).
 */
public final class DerivedEventIds {
  private final Map<String, Integer> seen = new HashMap<>();

  /** The id of the next row with these field values. */
  public String next(List<String> content) {
    String digest = digest(content);
    int n = seen.merge(digest, 1, Integer::sum);
    return "d-" + digest + "-" + n;
  }

  private static String digest(List<String> content) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    for (String field : content) {
      sha.update((field == null ? "" : field).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    byte[] hash = sha.digest();
    return HexFormat.of().formatHex(hash, 0, 12);
  }
}
