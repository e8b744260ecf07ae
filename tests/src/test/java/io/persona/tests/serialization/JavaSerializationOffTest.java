package io.persona.tests.serialization;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.persona.tests.support.SharedCassandra;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.DisabledJavaSerializer;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.util.Try;

/**
 * Java serialization stays off on every shipped profile, and a Serializable class that Kryo does
 * not know is refused: never quietly written with Java serialization.
 */
class JavaSerializationOffTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  /** Java-serializable, not KryoSerializable: with Java serialization off nothing may write it. */
  record JavaOnly(String text) implements Serializable {}

  /** Neither: no serializer is bound at all. */
  record Unbound(String text) {}

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("JavaSerializationOffTest", SharedCassandra.testConfig());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyShippedProfileTurnsJavaSerializationOff() throws Exception {
    List<String> profiles = shippedProfiles();
    assertTrue(profiles.containsAll(
            List.of("persona-node.conf", "persona-local.conf", "persona-cluster.conf", "persona-production.conf")),
        "profiles found: " + profiles);
    for (String profile : profiles) {
      // the profile's own value, whatever else it requires from the environment (production: seeds, keys)
      Config loaded = ConfigFactory.load(profile, ConfigParseOptions.defaults(),
          ConfigResolveOptions.defaults().setAllowUnresolved(true));
      assertFalse(loaded.getBoolean("pekko.actor.allow-java-serialization"), profile);
    }
    assertFalse(testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"));
  }

  @Test
  void aSerializableClassThatKryoDoesNotKnowIsRefused() {
    // (pekko logs a WARN per attempt here: the attempt to use Java serialization)
    for (Object message : List.of(new JavaOnly("x"), UUID.randomUUID(), new ArrayList<>(List.of("a")))) {
      assertInstanceOf(DisabledJavaSerializer.class, serialization.findSerializerFor(message),
          message.getClass().getName());
      Try<byte[]> attempt = serialization.serialize(message);
      assertTrue(attempt.isFailure(), message.getClass().getName() + " was written");
      assertTrue(attempt.failed().get().getMessage().contains("allow-java-serialization"),
          attempt.failed().get().getMessage());
    }
  }

  @Test
  void aClassWithNoSerializerIsRefused() {
    Try<byte[]> attempt = serialization.serialize(new Unbound("x"));
    assertTrue(attempt.isFailure());
    assertInstanceOf(NotSerializableException.class, attempt.failed().get());
  }

  /** The persona-*.conf files beside persona-node.conf: the cluster-config module's profiles. */
  private static List<String> shippedProfiles() throws IOException, URISyntaxException {
    URL node = JavaSerializationOffTest.class.getClassLoader().getResource("persona-node.conf");
    assertTrue(node != null, "persona-node.conf is not on the class path");
    List<String> names = new ArrayList<>();
    if (node.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) node.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        Collections.list(jar.entries()).forEach(entry -> names.add(entry.getName()));
      }
    } else {
      try (Stream<Path> files = Files.list(Path.of(node.toURI()).getParent())) {
        files.forEach(file -> names.add(file.getFileName().toString()));
      }
    }
    return names.stream().filter(name -> name.matches("persona-[a-z-]+\\.conf")).sorted().toList();
  }
}
