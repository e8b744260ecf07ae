package io.persona.tests.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key stores for the TLS tests, made by the JDK's own keytool: nothing downloaded, nothing shipped. */
public final class KeyStores {
  private KeyStores() {}

  /**
   * A PKCS12 store holding a fresh EC key and its self-signed certificate (so whoever trusts the
   * store trusts the key), valid for two days.
   *
   * @param subjectAltName e.g. "ip:127.0.0.1"; null for none
   */
  public static Path selfSigned(Path dir, String name, String commonName, String subjectAltName, String password)
      throws Exception {
    Path store = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=" + commonName, "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", password, "-keypass", password));
    if (subjectAltName != null) {
      command.addAll(List.of("-ext", "SAN=" + subjectAltName));
    }
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new AssertionError("keytool failed: " + output);
    }
    return store;
  }
}
