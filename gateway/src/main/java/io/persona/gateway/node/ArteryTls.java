package io.persona.gateway.node;

import com.typesafe.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Checks node-to-node TLS before the node starts. Pekko builds its TLS context only at the first
 * connection, so a missing key store (or one opened with Pekko's default password) would let a
 * node start, bind HTTP, report ready and fail every handshake quietly in its log.
 */
final class ArteryTls {
  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

  private ArteryTls() {}

  /** Nothing for plain {@code tcp}; for {@code tls-tcp}, both stores must open with their passwords. */
  static void check(Config config) {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    open(config.getString(ENGINE + "key-store"), config.getString(ENGINE + "key-store-password"),
        "PERSONA_ARTERY_KEYSTORE", "PERSONA_ARTERY_KEYSTORE_PASSWORD");
    open(config.getString(ENGINE + "trust-store"), config.getString(ENGINE + "trust-store-password"),
        "PERSONA_ARTERY_TRUSTSTORE", "PERSONA_ARTERY_TRUSTSTORE_PASSWORD");
  }

  private static void open(String path, String password, String pathVariable, String passwordVariable) {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore.getInstance(KeyStore.getDefaultType()).load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("node-to-node TLS (pekko.remote.artery.transport = tls-tcp) cannot open the "
          + "store '" + path + "' (" + e.getMessage() + "): set " + pathVariable + " and " + passwordVariable
          + ", or PERSONA_ARTERY_TRANSPORT=tcp on a network that is private by other means", e);
    }
  }
}
