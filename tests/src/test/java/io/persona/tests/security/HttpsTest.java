package io.persona.tests.security;

import com.typesafe.config.ConfigFactory;
import io.persona.gateway.node.PersonaNode;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.KeyStores;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** persona.http.tls: the public API over HTTPS with the configured key, and nothing in plain text. */
@ExtendWith(SharedCassandra.class)
class HttpsTest {
  private static final String PASSWORD = "changeit";

  @Test
  void theApiAnswersOverHttpsWithTheConfiguredKeyAndNotInPlainText(@TempDir Path dir) throws Exception {
    Path store = KeyStores.selfSigned(dir, "server.p12", "127.0.0.1", "ip:127.0.0.1", PASSWORD);
    PersonaNode node = TestNodes.start(ConfigFactory.parseString("persona.http.tls { enabled = true, "
        + "keystore-path = \"" + store + "\", keystore-password = " + PASSWORD + " }"));
    try {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(store)).connectTimeout(Duration.ofSeconds(5))
          .build();
      HttpResponse<String> ready = trusting.send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + node.httpPort() + "/v1/items/none")).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + HttpJson.producerKey()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, ready.statusCode(), ready.body());

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/items/none")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()), "a plain-text request is not answered");
    } finally {
      node.close();
    }
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
