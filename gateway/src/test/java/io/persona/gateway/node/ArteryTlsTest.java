package io.persona.gateway.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArteryTlsTest {
  private static Config transport(String transport, String store, String password) {
    return ConfigFactory.parseString("""
        pekko.remote.artery {
          transport = %s
          ssl.config-ssl-engine {
            key-store = "%s", key-store-password = "%s"
            trust-store = "%s", trust-store-password = "%s"
          }
        }
        """.formatted(transport, store, password, store, password));
  }

  @Test
  void plainTcpNeedsNoStores() {
    assertDoesNotThrow(() -> ArteryTls.check(transport("tcp", "keystore", "changeme")));
  }

  @Test
  void tlsWithoutItsStoresOrWithTheWrongPasswordFailsTheStartNamingTheVariables(@TempDir Path dir) throws Exception {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> ArteryTls.check(transport("tls-tcp", "keystore", "changeme")));
    assertTrue(missing.getMessage().contains("PERSONA_ARTERY_KEYSTORE"), missing.getMessage());

    Path store = dir.resolve("node.p12");
    Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=node", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "s3cret!",
        "-keypass", "s3cret!")).redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool");

    IllegalStateException defaultPassword = assertThrows(IllegalStateException.class,
        () -> ArteryTls.check(transport("tls-tcp", store.toString(), "changeme")));
    assertTrue(defaultPassword.getMessage().contains("PERSONA_ARTERY_KEYSTORE_PASSWORD"), defaultPassword.getMessage());
    assertDoesNotThrow(() -> ArteryTls.check(transport("tls-tcp", store.toString(), "s3cret!")));
  }
}
