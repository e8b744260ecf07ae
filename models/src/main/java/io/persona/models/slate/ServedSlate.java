package io.persona.models.slate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recommendation list as it was served: the unit of the prediction log. Outcome events carry
 * {@code requestId}, which is how a click is tied back to the features that led to it.
 *
 * @param modelVersion       version of the ranker that scored the list
 * @param modelKind          "dcn-v2", "logistic" or "popularity"
 * @param variant            the serving variant (e.g. "champion"), for comparing policies
 * @param featureFingerprint fingerprint of the feature spec the vectors were encoded with
 */
public record ServedSlate(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                          String variant, String featureFingerprint, List<ServedItem> items) {

  public ServedSlate {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(servedAt, "servedAt");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(modelKind, "modelKind");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(featureFingerprint, "featureFingerprint");
    items = List.copyOf(items);
  }
}
