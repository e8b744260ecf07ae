package io.persona.simulations.learning;

/**
 * A model as GET /v1/models lists it: {@code dataTo} (epoch milliseconds, or -1 when the node does
 * not say) is the newest event time its training data covered.
 */
record ModelInfo(String version, String kind, String status, long dataToMillis) {}
