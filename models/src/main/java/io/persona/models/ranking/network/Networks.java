package io.persona.models.ranking.network;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import io.persona.models.features.FeatureBatch;
import io.persona.models.features.FeatureSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Creating networks with their parameters, and moving parameters to and from bytes. */
public final class Networks {

  private Networks() {}

  /**
   * A network for {@code spec}, freshly initialized, or holding {@code parameters} when given
   * (warm start, or loading a published model).
   */
  public static Block instantiate(NetworkArchitecture architecture, FeatureSpec spec, NDManager manager,
                                  byte[] parameters) throws MalformedModelException {
    Block network = architecture.newNetwork(spec);
    network.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
    network.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    network.initialize(manager, DataType.FLOAT32, new Shape(1, spec.denseWidth()), new Shape(1, spec.sparseWidth()));
    if (parameters != null) {
      try {
        network.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
      } catch (IOException e) {
        throw new MalformedModelException("parameters are truncated or not for this network: " + e.getMessage(), e);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new MalformedModelException("parameters do not fit this network: " + e.getMessage(), e);
      }
    }
    return network;
  }

  public static byte[] parameters(Block network) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      network.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** The batch as network input: dense [rows, D] float32, sparse [rows, S] int64. */
  public static NDList input(NDManager manager, FeatureBatch batch) {
    NDArray dense = manager.create(batch.denseValues(), new Shape(batch.rows(), batch.denseWidth()));
    NDArray sparse = manager.create(batch.sparseIds(), new Shape(batch.rows(), batch.sparseWidth()));
    return new NDList(dense, sparse);
  }
}
