package io.persona.tests.deploy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Run inside the container image by {@link ContainerImageTest}: loads PyTorch through DJL from the
 * image's jars (its natives unpacked into the image's /tmp) and computes one sum.
 */
public final class PyTorchProbe {
  private PyTorchProbe() {}

  public static void main(String[] args) {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = NDManager.newBaseManager(engine.defaultDevice(), engine.getEngineName())) {
      float sum = manager.create(new float[] {1, 2, 3}).sum().getFloat();
      System.out.println("PyTorch " + engine.getVersion() + " sum=" + sum);
    }
  }
}
