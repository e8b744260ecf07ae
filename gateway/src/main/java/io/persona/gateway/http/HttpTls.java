package io.persona.gateway.http;

import com.typesafe.config.Config;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * {@code persona.http.tls}: HTTPS for the public API with the server's key and certificate from
 * a key store (PKCS12 or JKS). Off in the local profiles; on in the production template.
 */
public record HttpTls(boolean enabled, String keystorePath, String keystorePassword, String keystoreType) {

  public static HttpTls fromConfig(Config tls) {
    return new HttpTls(tls.getBoolean("enabled"), tls.getString("keystore-path"), tls.getString("keystore-password"),
        tls.getString("keystore-type"));
  }

  /** The server's HTTPS context, or empty when TLS is off; a missing or unreadable key store fails the start. */
  public Optional<HttpsConnectionContext> serverContext() {
    if (!enabled) {
      return Optional.empty();
    }
    if (keystorePath.isEmpty()) {
      throw new IllegalStateException("persona.http.tls.enabled is on but no key store is configured: set "
          + "PERSONA_HTTP_KEYSTORE (and PERSONA_HTTP_KEYSTORE_PASSWORD), or PERSONA_HTTP_TLS=false behind a proxy "
          + "that terminates TLS");
    }
    try (InputStream in = Files.newInputStream(Path.of(keystorePath))) {
      KeyStore store = KeyStore.getInstance(keystoreType);
      char[] password = keystorePassword.toCharArray();
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return Optional.of(ConnectionContext.httpsServer(context));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the HTTPS key store " + keystorePath + " (persona.http.tls): "
          + e.getMessage(), e);
    }
  }

  /** No password in logs. */
  @Override
  public String toString() {
    return "HttpTls[enabled=" + enabled + ", keystorePath=" + keystorePath + ", keystoreType=" + keystoreType + "]";
  }
}
