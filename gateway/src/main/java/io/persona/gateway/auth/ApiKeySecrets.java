package io.persona.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text form of a producer key, {@code pk_<id>_<secret>}: the id names the key in lists and
 * logs (it is not secret), the secret is 32 random bytes in base64url. Only SHA-256 of the secret
 * is stored; a presented key is found by its id and checked by comparing hashes in constant time.
 */
public final class ApiKeySecrets {
  private static final String PREFIX = "pk_";
  private static final Pattern ID = Pattern.compile("[a-z0-9]{1,32}");
  private static final int MIN_SECRET_CHARS = 32;
  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A presented key split into its parts. */
  public record Presented(String id, String secret) {
    @Override
    public String toString() {
      return "Presented[id=" + id + "]"; // never the secret
    }
  }

  private ApiKeySecrets() {}

  public static Presented generate() {
    char[] id = new char[12];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new Presented(new String(id), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  public static String text(Presented key) {
    return PREFIX + key.id() + "_" + key.secret();
  }

  /** Empty unless {@code text} has the form of a producer key. */
  public static Optional<Presented> parse(String text) {
    if (text == null || !text.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int split = text.indexOf('_', PREFIX.length());
    if (split < 0) {
      return Optional.empty();
    }
    String id = text.substring(PREFIX.length(), split);
    String secret = text.substring(split + 1);
    if (!ID.matcher(id).matches() || secret.length() < MIN_SECRET_CHARS) {
      return Optional.empty();
    }
    return Optional.of(new Presented(id, secret));
  }

  public static boolean looksLikeKey(String text) {
    return text != null && text.startsWith(PREFIX);
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The form a configured key must have, for error messages. */
  public static String expectedForm() {
    return "pk_<id>_<secret>: id of 1-32 lowercase letters and digits, secret of at least "
        + MIN_SECRET_CHARS + " characters";
  }
}
