package io.persona.tests.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.tests.support.Await;
import io.persona.tests.support.FreePorts;
import io.persona.tests.support.HttpJson;
import io.persona.tests.support.SharedCassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image (issue 18, item 4): Jib's tar from the gateway module, checked as an image
 * runtime would see it, then run for real. Its layers are unpacked into a folder and its entrypoint
 * started there as the image's user, through chroot in a private mount namespace with its own
 * /proc (what a container runtime does, less the cgroups and the network namespace), as a
 * production-profile node over the tests' Cassandra; and PyTorch is loaded by DJL from the image's
 * own jars and libraries. Running it needs root (chroot, mount): the test fails, never skips, when
 * it cannot.
 */
@ExtendWith(SharedCassandra.class)
class ContainerImageTest {
  private static final String USER = "65532:65532";

  @TempDir
  static Path work;
  private static ContainerImage image;
  private static Path root;

  @BeforeAll
  static void unpack() throws IOException {
    image = ContainerImage.open(Files.createDirectories(work.resolve("tar")));
    root = Files.createDirectories(work.resolve("root"));
    image.unpackLayersInto(root);
    // what a container runtime puts in every container: its own name in /etc/hosts, and the host's
    // resolver (without them every host-name lookup waits for DNS to time out)
    String hostname = ContainerImage.run(List.of("hostname")).trim();
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost " + hostname + "\n::1 localhost\n");
    if (Files.isRegularFile(Path.of("/etc/resolv.conf"))) {
      Files.copy(Path.of("/etc/resolv.conf"), root.resolve("etc/resolv.conf"));
    }
  }

  @Test
  void theImageRunsPersonaFromItsOwnJavaAsAnUnprivilegedUser() {
    List<String> entrypoint = image.entrypoint();
    assertEquals("java", entrypoint.get(0), entrypoint.toString());
    assertEquals("io.persona.gateway.Main", entrypoint.get(entrypoint.size() - 1), entrypoint.toString());
    assertTrue(entrypoint.contains("-Dai.djl.offline=true"), "DJL never downloads: " + entrypoint);
    assertEquals("@/app/jib-classpath-file", entrypoint.get(entrypoint.indexOf("-cp") + 1), entrypoint.toString());

    Map<String, String> env = image.environment();
    assertEquals("/opt/java/bin", env.get("PATH"));
    assertEquals("production", env.get("PERSONA_PROFILE"));
    assertEquals("true", env.get("DJL_OFFLINE"));
    assertTrue(env.get("DJL_CACHE_DIR").startsWith("/tmp/"), env.toString());
    assertEquals(USER, image.config().get("User").asText());
    Set<String> ports = new java.util.TreeSet<>();
    image.config().get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    assertEquals(Set.of("8080/tcp", "25520/tcp", "8558/tcp"), ports);
  }

  @Test
  void theLayersHoldAJavaRuntimeItsLibrariesAndPersona() {
    Map<String, String> modes = image.entries().stream()
        .collect(Collectors.toMap(ContainerImage.Entry::path, ContainerImage.Entry::mode, (a, b) -> b));
    for (String executable : List.of("/opt/java/bin/java", "/lib64/ld-linux-x86-64.so.2", "/opt/java/lib/jspawnhelper")) {
      assertTrue(modes.containsKey(executable), executable + " is not in the image");
      assertEquals('x', modes.get(executable).charAt(3), executable + " " + modes.get(executable));
    }
    for (String file : List.of("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/etc/passwd", "/app/jib-classpath-file", "/app/classes/io/persona/gateway/Main.class")) {
      assertTrue(modes.containsKey(file), file + " is not in the image");
    }
    assertTrue(modes.keySet().stream().anyMatch(p -> p.matches("/app/libs/pytorch-native-cpu-.*-linux-x86_64\\.jar")),
        "the PyTorch natives are in the image");
    assertTrue(modes.keySet().stream().anyMatch(p -> p.matches("/app/libs/persona-models-.*\\.jar")));
    assertFalse(modes.keySet().stream().anyMatch(p -> p.startsWith("/usr/share/")), "no documentation or locales");
    assertEquals("drwxrwxrwx", modes.get("/tmp/"), "the image's user may write its /tmp");
  }

  @Test
  void pyTorchLoadsFromTheImagesOwnJarsAndLibraries() throws IOException {
    Path probe = root.resolve("tmp/probe/io/persona/tests/deploy");
    Files.createDirectories(probe);
    Files.copy(Path.of("target/test-classes/io/persona/tests/deploy/PyTorchProbe.class"),
        probe.resolve("PyTorchProbe.class"));
    // the image's classpath (its argument file holds it) and the probe's folder
    String classpath = Files.readString(root.resolve("app/jib-classpath-file")).trim() + ":/tmp/probe";
    String printed = runInImage(image.environment(), List.of("java", "-Dai.djl.offline=true", "-cp", classpath,
        PyTorchProbe.class.getName()), Duration.ofMinutes(3));
    assertTrue(printed.contains("sum=6.0"), printed);
  }

  @Test
  void theEntrypointStartsANodeThatServesAndStopsCleanly() throws Exception {
    int http = FreePorts.next();
    int remote = FreePorts.next();
    CassandraSettings cassandra = SharedCassandra.settings();
    String keyspace = "persona_image_" + Long.toString(System.nanoTime(), 36);
    Map<String, String> env = new java.util.LinkedHashMap<>(image.environment());
    env.putAll(Map.ofEntries(
        // a loopback test: no TLS anywhere (the production template turns it on by default)
        Map.entry("PERSONA_HTTP_TLS", "false"),
        Map.entry("PERSONA_ARTERY_TRANSPORT", "tcp"),
        Map.entry("PERSONA_CASSANDRA_SSL", "false"),
        Map.entry("PERSONA_CASSANDRA_CONTACT_POINTS", String.join(",", cassandra.contactPointStrings())),
        Map.entry("PERSONA_CASSANDRA_LOCAL_DATACENTER", cassandra.localDatacenter()),
        Map.entry("PERSONA_CASSANDRA_REPLICATION", "{'class': 'SimpleStrategy', 'replication_factor': 1}"),
        Map.entry("PERSONA_CASSANDRA_KEYSPACE", keyspace),
        Map.entry("PERSONA_REMOTE_HOST", "127.0.0.1"),
        Map.entry("PERSONA_REMOTE_PORT", String.valueOf(remote)),
        Map.entry("PERSONA_SEED_NODES", "pekko://persona@127.0.0.1:" + remote),
        Map.entry("PERSONA_HTTP_PORT", String.valueOf(http)),
        Map.entry("PERSONA_MANAGEMENT_PORT", String.valueOf(FreePorts.next())),
        Map.entry("PERSONA_OPERATOR_KEY", "image-test-operator-key"),
        Map.entry("PERSONA_BOOTSTRAP_KEY", HttpJson.producerKey()),
        Map.entry("PERSONA_RETRIEVAL_INDEX_DIR", "/var/lib/persona/index"),
        Map.entry("PERSONA_LEARNING_ENABLED", "false")));
    Path log = work.resolve("node.log");
    Process node = startInImage(env, image.entrypoint(), log);
    boolean stopped = false;
    try {
      HttpJson client = new HttpJson(http);
      Await.until("the node in the image to be ready", Duration.ofMinutes(4), Duration.ofSeconds(2),
          () -> node.isAlive() ? status(client, "/health/ready") : -1, status -> status == 200 || status == -1,
          () -> "\n" + tail(log));
      assertTrue(node.isAlive(), "the node exited:\n" + tail(log));

      assertEquals(200, client.postJson("/v1/items", "[{\"itemId\":\"image-1\",\"category\":\"Home & Garden\"},"
          + "{\"itemId\":\"image-2\",\"category\":\"Home & Garden\"}]").status());
      String event = "[{\"eventId\":\"image-e1\",\"userId\":\"image-user\",\"type\":\"purchase\","
          + "\"itemId\":\"image-1\",\"timestamp\":\"" + java.time.Instant.now() + "\"}]";
      // a 503 asks for the same request again (a first write on a busy machine); resending is safe
      HttpJson.Reply events = Await.until("the event to be recorded", Duration.ofMinutes(1), Duration.ofSeconds(2),
          () -> client.postJson("/v1/events", event), reply -> reply.status() != 503, () -> "\n" + tail(log));
      assertEquals(200, events.status(), events.raw().body());
      // accepted, or (when the 503 came after the journal write) recognised as already recorded
      assertTrue(Set.of("accepted", "duplicate").contains(events.json().get("results").get(0).get("status").asText()),
          events.raw().body());
      HttpJson.Reply list = client.get("/v1/users/image-user/recommendations?k=5");
      assertEquals(200, list.status(), list.raw().body());
      JsonNode items = list.json().get("items");
      assertTrue(items.size() > 0 && items.get(0).get("itemId").asText().equals("image-2"), list.raw().body());
    } finally {
      stopped = stop(node);
      dropKeyspace(keyspace);
    }
    // SIGTERM ends the JVM by itself within the grace period, with its shutdown hooks run (143) or
    // from Main once the node stopped (0); never killed (137) or failed (1). Its last log lines are
    // not asserted: the asynchronous appender may not flush them before the JVM exits.
    assertTrue(stopped, "the node did not stop within 90 s of SIGTERM:\n" + tail(log));
    assertTrue(Set.of(0, 143).contains(node.exitValue()), "exit status " + node.exitValue() + ":\n" + tail(log));
  }

  private static int status(HttpJson client, String path) {
    try {
      return client.get(path).status();
    } catch (RuntimeException | AssertionError e) {
      return 0; // not listening yet
    }
  }

  /**
   * The command inside the image: a private mount namespace (its mounts vanish with it), the image's
   * own /proc there, then chroot into the image as its user. {@code unshare --kill-child} takes the
   * command down if the test's JVM goes first.
   */
  private static ProcessBuilder inImage(Map<String, String> env, List<String> command) {
    if (!"0".equals(ContainerImage.run(List.of("id", "-u")).trim())) {
      throw new AssertionError("running the image needs root (chroot and mount); this user is not");
    }
    List<String> words = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--kill-child", "sh", "-c",
        "mount -t proc proc \"$0/proc\" && exec chroot --userspec=" + USER + " \"$0\" \"$@\"", root.toString()));
    words.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(words).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    // the host's tools first (unshare, mount, chroot), then the image's PATH, searched inside the image
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin:" + env.get("PATH"));
    return builder;
  }

  private static String runInImage(Map<String, String> env, List<String> command, Duration within) {
    return ContainerImage.run(inImage(env, command), within);
  }

  private static Process startInImage(Map<String, String> env, List<String> command, Path log) throws IOException {
    return inImage(env, command).redirectOutput(log.toFile()).start();
  }

  /**
   * SIGTERM to the JVM inside (the coordinated shutdown), as a container runtime's stop sends it:
   * unshare's one child, which exec'd chroot and then java. Whether it ended within 90 s (else it is
   * killed).
   */
  private static boolean stop(Process node) throws InterruptedException {
    List<ProcessHandle> inside = node.children().toList();
    assertEquals(1, inside.size(), "unshare runs one process: " + inside);
    inside.get(0).destroy();
    if (node.waitFor(90, TimeUnit.SECONDS)) {
      return true;
    }
    node.descendants().forEach(ProcessHandle::destroyForcibly);
    node.destroyForcibly();
    return false;
  }

  private static void dropKeyspace(String keyspace) {
    try (CqlSession session = CassandraSessions.connect(SharedCassandra.settings())) {
      SharedCassandra.dropKeyspace(session, keyspace);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
