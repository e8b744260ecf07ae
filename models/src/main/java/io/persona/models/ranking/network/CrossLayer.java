package io.persona.models.ranking.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One DCN-v2 cross layer (Wang et al., 2021): x_{l+1} = x0 * (W x_l + b) + x_l. Each layer raises
 * the degree of the feature interactions it can express by one. With {@code rank > 0} the matrix is
 * factored as U V^T, which costs 2 d r instead of d^2 and is what keeps scoring cheap.
 */
final class CrossLayer extends AbstractBlock {
  private final Block projection;

  CrossLayer(long width, int rank) {
    Block p = rank > 0
        ? new SequentialBlock()
            .add(Linear.builder().setUnits(rank).optBias(false).build())
            .add(Linear.builder().setUnits(width).build())
        : Linear.builder().setUnits(width).build();
    this.projection = addChildBlock("projection", p);
  }

  /** Inputs: x0 and x_l, both [rows, width]. */
  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x0 = inputs.get(0);
    NDArray xl = inputs.get(1);
    NDArray projected = projection.forward(store, new NDList(xl), training, params).singletonOrThrow();
    return new NDList(x0.mul(projected).addi(xl));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    projection.initialize(manager, dataType, inputShapes[1]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
