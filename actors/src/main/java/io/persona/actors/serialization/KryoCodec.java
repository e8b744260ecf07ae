package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The three layouts of {@link KryoSerializer}, each a pool of Kryo instances sharing one
 * registration table (ids are part of every stored byte):
 * <ul>
 *   <li><b>messages</b>: Kryo's own layout of today's classes (records component by component,
 *       other classes field by field), empty manifest. A message lives only as long as the
 *       cluster that sends it, so it is not versioned.
 *   <li><b>stored</b>: journal events and snapshots, and every class inside them, as versioned
 *       tagged fields ({@link TaggedSerializer}); the manifest is {@link FormatManifest}.
 *   <li><b>legacy</b>: reads format version 1, the stored bytes of before formats had versions
 *       (empty manifest, a root's registration id first), through each format's frozen layout.
 * </ul>
 */
final class KryoCodec {
  private static final int INITIAL_BUFFER = 256;

  private final Map<Class<?>, Integer> registrations;
  private final StoredFormats formats;
  private final Map<Class<?>, StoredFormat<?>> allFormats;
  private final Map<Integer, StoredFormat<?>> rootsById = new HashMap<>();
  private final Pool<Kryo> messages;
  private final Pool<Kryo> stored;
  private final Pool<Kryo> legacy;

  KryoCodec(Map<Class<?>, Integer> registrations, StoredFormats formats, ActorRefResolver resolver) {
    this.registrations = Map.copyOf(registrations);
    this.formats = formats;
    this.allFormats = formats.all();
    allFormats.keySet().forEach(type -> {
      if (!registrations.containsKey(type)) {
        throw new IllegalStateException("the stored format of " + type.getName() + " has no Kryo registration id");
      }
    });
    formats.roots().forEach((type, format) -> rootsById.put(registrations.get(type), format));
    this.messages = pool(() -> kryo(resolver, KryoCodec::registerMessage));
    this.stored = pool(() -> kryo(resolver, this::registerStored));
    this.legacy = pool(() -> kryo(resolver, this::registerLegacy));
  }

  /** The manifest {@code message} is stored with: its format and version if it is a root, else empty. */
  String manifest(Object message) {
    return formats.root(message.getClass())
        .map(format -> new FormatManifest(registrations.get(format.type()), format.version()).toString())
        .orElse("");
  }

  byte[] toBinary(Object message) {
    Pool<Kryo> layout = formats.root(message.getClass()).isPresent() ? stored : messages;
    return with(layout, kryo -> {
      Output output = new Output(INITIAL_BUFFER, -1);
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    });
  }

  Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (manifest.isEmpty()) {
      return read(rootsById.containsKey(leadingRegistrationId(bytes)) ? legacy : messages, bytes);
    }
    FormatManifest written = FormatManifest.parse(manifest);
    StoredFormat<?> format = rootsById.get(written.registrationId());
    if (format == null) {
      throw new NotSerializableException("no stored format has registration id " + written.registrationId()
          + " (manifest '" + manifest + "')");
    }
    if (written.version() > format.version()) {
      throw new NotSerializableException(format.type().getName() + " was stored in format version "
          + written.version() + " by a newer Persona; this one reads versions up to " + format.version());
    }
    Object value = read(written.version() == StoredFormat.LEGACY_VERSION ? legacy : stored, bytes);
    if (value.getClass() != format.type()) {
      throw new NotSerializableException("manifest '" + manifest + "' names " + format.type().getName()
          + " but the bytes hold a " + value.getClass().getName());
    }
    return value;
  }

  private Object read(Pool<Kryo> layout, byte[] bytes) {
    return with(layout, kryo -> kryo.readClassAndObject(new Input(bytes)));
  }

  /** The registration id Kryo writes first (as id + 2, a positive varint), or -1 if there is none. */
  private static int leadingRegistrationId(byte[] bytes) {
    return bytes.length == 0 ? -1 : new Input(bytes).readVarInt(true) - 2;
  }

  private static <R> R with(Pool<Kryo> pool, Function<Kryo, R> use) {
    Kryo kryo = pool.obtain();
    try {
      return use.apply(kryo);
    } finally {
      pool.free(kryo);
    }
  }

  /** Kryo's own layout, except for a List or Map class of Persona's (see {@link OwnCollectionSerializer}). */
  private static void registerMessage(Kryo kryo, Class<?> type, int id) {
    if (OwnCollectionSerializer.handles(type)) {
      kryo.register(type, new OwnCollectionSerializer(type), id);
    } else {
      kryo.register(type, id);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void registerStored(Kryo kryo, Class<?> type, int id) {
    StoredFormat<?> format = allFormats.get(type);
    if (format != null) {
      kryo.register(type, new TaggedSerializer(format), id);
    } else if (!type.getPackageName().startsWith("java.")) {
      kryo.register(type, new NotStored(), id);
    } else {
      kryo.register(type, id);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void registerLegacy(Kryo kryo, Class<?> type, int id) {
    StoredFormat<?> format = allFormats.get(type);
    if (format != null) {
      kryo.register(type, new LegacySerializer(format), id);
    } else {
      kryo.register(type, id);
    }
  }

  /** Registration required, no reference tracking (messages are trees of records), the table's ids. */
  private Kryo kryo(ActorRefResolver resolver, Registrar registrar) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    kryo.addDefaultSerializer(ActorRef.class, new ActorRefKryoSerializer(resolver));
    registrations.forEach((type, id) -> registrar.register(kryo, type, id));
    return kryo;
  }

  private static Pool<Kryo> pool(Supplier<Kryo> create) {
    return new Pool<>(true, false, Runtime.getRuntime().availableProcessors() * 4) {
      @Override
      protected Kryo create() {
        return create.get();
      }
    };
  }

  @FunctionalInterface
  private interface Registrar {
    void register(Kryo kryo, Class<?> type, int id);
  }

  /** In the stored layout, a class without a stored format: it must not become part of a journal. */
  private static final class NotStored extends Serializer<Object> {
    @Override
    public void write(Kryo kryo, Output output, Object value) {
      throw new KryoException(value.getClass().getName() + " has no stored format, so it cannot be part of a "
          + "journal event or snapshot: give it one in a StoredFormatCatalog");
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
      throw new KryoException(type.getName() + " has no stored format");
    }
  }
}
