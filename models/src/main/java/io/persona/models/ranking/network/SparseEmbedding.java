package io.persona.models.ranking.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * One shared table for every hashed categorical id: input [rows, fields] of ids, output
 * [rows, fields * dimension]. Its parameter is named {@link #PARAMETER} so that the trainer can
 * give it plain SGD: the engine's embedding gradient is dense, and Adam would keep two more
 * table-sized states and move every row on every step.
 */
public final class SparseEmbedding extends AbstractBlock {
  public static final String PARAMETER = "sparse_embedding";

  private final long rows;
  private final int dimension;
  private final Parameter table;

  public SparseEmbedding(long rows, int dimension) {
    this.rows = rows;
    this.dimension = dimension;
    this.table = addParameter(Parameter.builder()
        .setName(PARAMETER)
        .setType(Parameter.Type.OTHER)
        .optShape(new Shape(rows, dimension))
        .optInitializer(new NormalInitializer(0.01f))
        .build());
  }

  public int dimension() {
    return dimension;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    NDArray weight = store.getValue(table, ids.getDevice(), training);
    NDArray looked = ids.getNDArrayInternal().embedding(ids, weight, SparseFormat.DENSE).singletonOrThrow();
    return new NDList(looked.reshape(ids.getShape().get(0), ids.getShape().get(1) * dimension));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1) * dimension)};
  }

  @Override
  public String toString() {
    return "SparseEmbedding(" + rows + "x" + dimension + ")";
  }
}
