/**
 * Every metric Persona records itself, one class per area: ingest ({@link io.persona.actors.metrics.IngestMetrics}),
 * serving ({@link io.persona.actors.metrics.RecommendMetrics}), the prediction log
 * ({@link io.persona.actors.metrics.PredictionLogMetrics}), the models in service
 * ({@link io.persona.actors.metrics.ModelMetrics}) and the learning loop
 * ({@link io.persona.actors.metrics.LearningMetrics}). Names are Kamon's dotted names under
 * {@code persona.}; the Prometheus scrape turns them into {@code persona_..._total},
 * {@code persona_..._seconds} and so on.
 *
 * <p>Counters and timers are created once, with their tags, in static fields: Kamon's registry is
 * one per JVM, and a lookup per request would cost more than the count. Gauges are looked up on
 * each (rare) update, so that a series exists only once something has set it. Recording never throws into the
 * work it measures (see {@code Quietly}). Streams and the gateway record through these classes
 * too, so every name is defined here and nowhere else.
 */
package io.persona.actors.metrics;
