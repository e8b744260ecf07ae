package io.persona.gateway.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpTlsTest {
  @Test
  void offMeansPlainHttp() {
    assertTrue(new HttpTls(false, "", "", "PKCS12").serverContext().isEmpty());
  }

  @Test
  void onWithoutAKeyStoreOrWithABrokenOneFailsTheStartSayingWhatToSet(@TempDir Path dir) throws Exception {
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> new HttpTls(true, "", "", "PKCS12").serverContext());
    assertTrue(none.getMessage().contains("PERSONA_HTTP_KEYSTORE"), none.getMessage());

    Path broken = Files.writeString(dir.resolve("broken.p12"), "not a key store");
    IllegalStateException unreadable = assertThrows(IllegalStateException.class,
        () -> new HttpTls(true, broken.toString(), "secret", "PKCS12").serverContext());
    assertTrue(unreadable.getMessage().contains(broken.toString()), unreadable.getMessage());
    assertFalse(new HttpTls(true, broken.toString(), "secret", "PKCS12").toString().contains("secret"));
  }
}
