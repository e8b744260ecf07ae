package io.persona.actors.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.util.Map;

/**
 * Pekko serializer for every {@link KryoSerializable}: Kryo 5 with registration required, ids from
 * configuration, and no reference tracking (messages are trees of records). Kryo instances are not
 * thread-safe, so each call borrows one from a pool.
 */
public final class KryoSerializer extends JSerializer {
  private static final int INITIAL_BUFFER = 256;

  private final int identifier;
  private final Pool<Kryo> kryos;

  public KryoSerializer(ExtendedActorSystem system) {
    this.identifier = system.settings().config()
        .getInt("pekko.actor.serialization-identifiers.\"" + KryoSerializer.class.getName() + "\"");
    Map<Class<?>, Integer> registrations = KryoRegistrations.fromConfig(system.settings().config(), system.dynamicAccess().classLoader());
    ActorRefResolver resolver = ActorRefResolver.get(Adapter.toTyped(system));
    this.kryos = new Pool<>(true, false, Runtime.getRuntime().availableProcessors() * 4) {
      @Override
      protected Kryo create() {
        return newKryo(registrations, resolver);
      }
    };
  }

  static Kryo newKryo(Map<Class<?>, Integer> registrations, ActorRefResolver resolver) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    kryo.addDefaultSerializer(ActorRef.class, new ActorRefKryoSerializer(resolver));
    registrations.forEach(kryo::register);
    return kryo;
  }

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public boolean includeManifest() {
    return false; // the registration id in the bytes names the class
  }

  @Override
  public byte[] toBinary(Object message) {
    Kryo kryo = kryos.obtain();
    try {
      Output output = new Output(INITIAL_BUFFER, -1);
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    } finally {
      kryos.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Kryo kryo = kryos.obtain();
    try {
      return kryo.readClassAndObject(new Input(bytes));
    } finally {
      kryos.free(kryo);
    }
  }
}
