package io.persona.simulations.learning;

/**
 * How soon the clicks reached the model that served the simulator: over the {@code count} clicks
 * that some served model was trained past, the median time from the click's acknowledgement to the
 * first slate served by such a model. {@code p50Seconds} is null, and {@code available} false,
 * when the node did not say what its models were trained on.
 */
record Freshness(boolean available, long clicks, long count, Double p50Seconds, String note) {}
