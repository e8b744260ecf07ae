package io.persona.persistence.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A model's row in the registry: its lineage from the artifact's metadata, and its status with
 * the reason for it. Times are Cassandra timestamps, so they hold milliseconds.
 *
 * @param createdAt       from the artifact's metadata; null if it has none
 * @param parentVersion   the model it was warm-started from; null if none
 * @param dataFrom        oldest training example; null if unknown
 * @param dataTo          newest training example; null if unknown
 * @param examples        training examples the model saw
 * @param metrics         the artifact's held-out metrics at training time
 * @param evaluation      the challenger-vs-champion comparison that decided its status (empty if none)
 * @param reason          why it has its status
 * @param sizeBytes       size of the artifact ({@code ModelArtifact.toBytes()})
 * @param statusChangedAt when the status was last set
 */
public record RegisteredModel(String version, String kind, Instant createdAt, ModelStatus status,
                              String parentVersion, Instant dataFrom, Instant dataTo, long examples,
                              Map<String, Double> metrics, Map<String, Double> evaluation, String reason,
                              int sizeBytes, Instant statusChangedAt) {

  public RegisteredModel {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    evaluation = evaluation == null ? Map.of() : Map.copyOf(evaluation);
  }
}
