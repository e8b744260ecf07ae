package io.persona.tests.security;

import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.SharedCassandra;
import io.persona.tests.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** persona.http.tls: the public API over HTTPS with the configured key, and nothing in plain text. */
@ExtendWith(SharedCassandra.class)
class HttpsTest {
  private static final String PASSWORD = "changeit";

  @Test
  void theApiAnswersOverHttpsWithTheConfiguredKeyAndNotInPlainText(@TempDir Path dir) throws Exception {
    Path store = selfSignedKeyStore(dir);
    PersonaNode node = TestNodes.start(ConfigFactory.parseString("persona.http.tls { enabled = true, "
        + "keystore-path = \"" + store + "\", keystore-password = " + PASSWORD + " }"));
    try {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5))
          .build();
      HttpResponse<String> ready = trusting.send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + node.httpPort() + "/v1/items/none")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, ready.statusCode(), ready.body());

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/items/none")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()), "a plain-text request is not answered");
    } finally {
      node.close();
    }
  }

  /** A PKCS12 store with a key and a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
  private static Path selfSignedKeyStore(Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "persona", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new AssertionError("keytool failed: " + output);
    }
    return store;
  }

  private static SSLContext trusting(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
