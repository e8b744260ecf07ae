package io.persona.tests.serialization;

import static io.persona.tests.serialization.DeepEquality.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.persona.actors.serialization.KryoRegistrations;
import io.persona.actors.serialization.KryoSerializable;
import io.persona.actors.serialization.KryoSerializer;
import io.persona.actors.serialization.StoredFormats;
import io.persona.actors.serialization.WireSamples;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.Main;
import io.persona.models.events.UserEvent;
import io.persona.persistence.cassandra.LocalCassandraNode;
import io.persona.streams.ingest.EventIngest;
import io.persona.tests.support.SharedCassandra;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every class that leaves a node through Kryo, found rather than listed: each concrete
 * {@link KryoSerializable} in the main code of every module on the class path, and each class of
 * the registration table. Each must have samples in {@link WireSamples} (a class without one fails,
 * by name) and each sample must come back equal through the serialization extension of a
 * cluster-provider ActorSystem running the project's node configuration.
 */
class KryoEveryClassTest {
  /** KryoSerializer's identifier in reference.conf: part of every stored event's row. */
  private static final int KRYO_IDENTIFIER = 7301;

  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static Map<Class<?>, List<?>> samples;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("KryoEveryClassTest", SharedCassandra.testConfig());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    samples = WireSamples.all(testKit.createTestProbe(Object.class).ref());
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  /** Concrete classes bound to KryoSerializer, from every module's main code. */
  private static Set<Class<?>> wireClasses() {
    return PersonaClasspath.mainClasses().stream()
        .filter(KryoSerializable.class::isAssignableFrom)
        .filter(type -> !type.isInterface() && !Modifier.isAbstract(type.getModifiers()))
        .collect(Collectors.toSet());
  }

  /** The registration table the running system loaded. */
  private static Set<Class<?>> registeredClasses() {
    return KryoRegistrations.fromConfig(testKit.system().settings().config(),
        KryoEveryClassTest.class.getClassLoader()).keySet();
  }

  /** "id.vN" for a stored root (a journal event or snapshot), empty for a message. */
  private static String expectedManifest(Class<?> type) {
    StoredFormats formats = StoredFormats.fromConfig(testKit.system().settings().config(),
        KryoEveryClassTest.class.getClassLoader());
    return formats.root(type)
        .map(format -> KryoRegistrations.fromConfig(testKit.system().settings().config(),
            KryoEveryClassTest.class.getClassLoader()).get(type) + ".v" + format.version())
        .orElse("");
  }

  private static List<String> namesWithoutSamples(Set<Class<?>> classes) {
    return classes.stream().filter(type -> samples.getOrDefault(type, List.of()).isEmpty())
        .map(Class::getName).sorted().toList();
  }

  private static List<?> samplesOf(Class<?> type) {
    List<?> values = samples.getOrDefault(type, List.of());
    assertFalse(values.isEmpty(), "no samples in WireSamples for " + type.getName());
    return values;
  }

  private static Stream<Class<?>> byName(Set<Class<?>> classes) {
    return classes.stream().sorted(Comparator.comparing(Class::getName));
  }

  // ---- nothing can be missed ----

  @Test
  void theScanSeesTheMainCodeOfEveryModuleAndNoTestCode() {
    Set<String> names = PersonaClasspath.mainClassNames();
    for (Class<?> marker : List.of(UserEvent.class, LocalCassandraNode.class, UserEntity.class, EventIngest.class,
        Main.class)) {
      assertTrue(names.contains(marker.getName()), "the scan did not see " + marker.getName() + "'s module");
    }
    assertFalse(names.contains(WireSamples.class.getName()), "test code is not what a node sends");
    assertFalse(names.contains(KryoEveryClassTest.class.getName()), "test code is not what a node sends");
    assertTrue(wireClasses().contains(UserEntity.RecordEvent.class));
  }

  @Test
  void everyKryoSerializableClassHasSamples() {
    List<String> missing = namesWithoutSamples(wireClasses());
    assertTrue(missing.isEmpty(), "KryoSerializable classes without samples in WireSamples: " + missing);
  }

  @Test
  void everyRegisteredClassHasSamples() {
    List<String> missing = namesWithoutSamples(registeredClasses());
    assertTrue(missing.isEmpty(), "registered classes without samples in WireSamples: " + missing);
  }

  @Test
  void everySampleIsOfTheClassItStandsForAndThatClassGoesOverTheWire() {
    Set<Class<?>> known = Stream.concat(wireClasses().stream(), registeredClasses().stream()).collect(Collectors.toSet());
    samples.forEach((type, values) -> {
      assertTrue(known.contains(type), "samples for " + type.getName() + ", which is neither KryoSerializable nor registered");
      values.forEach(value -> assertSame(type, value.getClass(), "a sample of " + type.getName()));
    });
  }

  // ---- and everything comes back ----

  @TestFactory
  Stream<DynamicTest> everyKryoSerializableClassRoundTripsThroughTheSerializationExtension() {
    return byName(wireClasses()).map(type -> DynamicTest.dynamicTest(type.getName(), () -> {
      for (Object sample : samplesOf(type)) {
        Serializer serializer = serialization.findSerializerFor(sample);
        assertInstanceOf(KryoSerializer.class, serializer, type.getName());
        assertEquals(KRYO_IDENTIFIER, serializer.identifier());
        String manifest = Serializers.manifestFor(serializer, sample);
        assertEquals(expectedManifest(type), manifest,
            "a message has no manifest (the registration id names the class); a journal event or snapshot "
                + "its registration id and format version");

        byte[] bytes = serialization.serialize(sample).get();
        Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();

        assertNotSame(sample, back);
        assertDeepEquals(sample, back, type.getSimpleName());
      }
    }));
  }

  /**
   * Registered classes that are not messages travel inside messages only: no binding chooses Kryo
   * for them, so they go through the Kryo serializer directly, as a message's bytes contain them.
   */
  @TestFactory
  Stream<DynamicTest> everyRegisteredClassRoundTripsThroughTheKryoSerializer() {
    Set<Class<?>> nested = registeredClasses().stream()
        .filter(type -> !KryoSerializable.class.isAssignableFrom(type)).collect(Collectors.toSet());
    Serializer kryo = serialization.serializerByIdentity().apply(KRYO_IDENTIFIER);
    return byName(nested).map(type -> DynamicTest.dynamicTest(type.getName(), () -> {
      for (Object sample : samplesOf(type)) {
        byte[] bytes = kryo.toBinary(sample);
        Object back = serialization.deserialize(bytes, KRYO_IDENTIFIER, "").get();
        assertDeepEquals(sample, back, type.getName());
      }
    }));
  }
}
