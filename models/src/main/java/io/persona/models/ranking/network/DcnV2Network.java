package io.persona.models.ranking.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Deep & Cross Network v2, parallel form: x0 = [dense, embeddings(sparse)] feeds a stack of cross
 * layers (explicit bounded-degree interactions) and a ReLU tower (implicit ones); their outputs
 * are concatenated into one logit. Inputs: dense [rows, D] float32, sparse [rows, S] int64.
 */
public final class DcnV2Network extends AbstractBlock {
  private final SparseEmbedding embedding;
  private final List<CrossLayer> crosses = new ArrayList<>();
  private final SequentialBlock deep;
  private final Linear head;
  private final long width;
  private final int lastDeepWidth;

  public DcnV2Network(int denseWidth, int sparseWidth, long buckets, DcnV2Architecture architecture) {
    this.embedding = addChildBlock("embedding", new SparseEmbedding(buckets, architecture.embeddingDimension()));
    this.width = denseWidth + (long) sparseWidth * architecture.embeddingDimension();
    for (int i = 0; i < architecture.crossLayers(); i++) {
      crosses.add(addChildBlock("cross" + i, new CrossLayer(width, architecture.crossRank())));
    }
    SequentialBlock tower = new SequentialBlock();
    for (int units : architecture.deepLayers()) {
      tower.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
    }
    this.deep = addChildBlock("deep", tower);
    this.lastDeepWidth = architecture.deepLayers().isEmpty() ? 0 : architecture.deepLayers().get(architecture.deepLayers().size() - 1);
    this.head = addChildBlock("head", Linear.builder().setUnits(1).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray dense = inputs.get(0);
    NDArray embedded = embedding.forward(store, new NDList(inputs.get(1)), training, params).singletonOrThrow();
    NDArray x0 = NDArrays.concat(new NDList(dense, embedded), 1);
    NDArray x = x0;
    for (CrossLayer cross : crosses) {
      x = cross.forward(store, new NDList(x0, x), training, params).singletonOrThrow();
    }
    NDList joined = new NDList(x);
    if (lastDeepWidth > 0) {
      joined.add(deep.forward(store, new NDList(x0), training, params).singletonOrThrow());
    }
    NDArray features = joined.size() == 1 ? x : NDArrays.concat(joined, 1);
    return head.forward(store, new NDList(features), training, params);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long rows = inputShapes[0].get(0);
    Shape x0 = new Shape(rows, width);
    embedding.initialize(manager, dataType, inputShapes[1]);
    for (CrossLayer cross : crosses) {
      cross.initialize(manager, dataType, x0, x0);
    }
    if (lastDeepWidth > 0) {
      deep.initialize(manager, dataType, x0);
    }
    head.initialize(manager, dataType, new Shape(rows, width + lastDeepWidth));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }
}
