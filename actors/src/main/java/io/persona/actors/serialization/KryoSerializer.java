package io.persona.actors.serialization;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.NotSerializableException;

/**
 * Pekko serializer for every {@link KryoSerializable}: Kryo 5 with registration required and ids
 * from configuration. Messages are written in Kryo's own layout with an empty manifest; journal
 * events and snapshots ({@link StoredFormats}) in a versioned layout whose manifest names their
 * format version, and their bytes from before versions existed are still read (see
 * {@link KryoCodec}). The identifier, like the registration ids, is part of every stored row.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  private final int identifier;
  private final KryoCodec codec;

  public KryoSerializer(ExtendedActorSystem system) {
    this.identifier = system.settings().config()
        .getInt("pekko.actor.serialization-identifiers.\"" + KryoSerializer.class.getName() + "\"");
    ClassLoader classLoader = system.dynamicAccess().classLoader();
    this.codec = new KryoCodec(
        KryoRegistrations.fromConfig(system.settings().config(), classLoader),
        StoredFormats.fromConfig(system.settings().config(), classLoader),
        ActorRefResolver.get(Adapter.toTyped(system)));
  }

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public String manifest(Object message) {
    return codec.manifest(message);
  }

  @Override
  public byte[] toBinary(Object message) {
    return codec.toBinary(message);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return codec.fromBinary(bytes, manifest);
  }
}
