package io.persona.models.ranking.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Logistic regression over the same input: a weight per dense column plus one learned weight per
 * hashed id (an embedding of width 1), including the spec's explicit crossed ids. The baseline a
 * DCN must beat; it sees interactions only where the spec crosses them by hand.
 */
public final class LogisticNetwork extends AbstractBlock {
  private final SparseEmbedding weights;
  private final Linear dense;

  public LogisticNetwork(long buckets) {
    this.weights = addChildBlock("weights", new SparseEmbedding(buckets, 1));
    this.dense = addChildBlock("dense", Linear.builder().setUnits(1).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray linear = dense.forward(store, new NDList(inputs.get(0)), training, params).singletonOrThrow();
    NDArray sparse = weights.forward(store, new NDList(inputs.get(1)), training, params).singletonOrThrow();
    return new NDList(linear.add(sparse.sum(new int[] {1}, true)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    dense.initialize(manager, dataType, inputShapes[0]);
    weights.initialize(manager, dataType, inputShapes[1]);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }
}
