package io.persona.simulations.quality;

/** The Markdown table of methods both quality benchmarks print: one row per method and seen policy. */
public final class MethodTable {
  public static final String HEADER = """
      | method | role | seen | HR@10 | ± 95 % | NDCG@10 | MRR@10 | coverage | HR light | HR heavy | users |
      |---|---|---|---|---|---|---|---|---|---|---|
      """;

  private MethodTable() {}

  public static String row(MethodRow row) {
    Evaluation e = row.test();
    return String.format("| %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.3f | %.4f | %.4f | %d |%n",
        row.label(), row.role(), row.seen().label(), e.all().hitRate(), e.all().hitRateMargin(), e.all().ndcg(),
        e.all().mrr(), e.coverage(), e.light().hitRate(), e.heavy().hitRate(), e.all().users());
  }
}
