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
 * @param rules              what the operator's rules changed in this list, one entry per change:
 *                           {@code pin:<rule>:<item>@<slot>}, {@code boost:<rule>:<item>} (a listed item
 *                           a boost lifted or sank), {@code block:<rule>:<n>} (n candidates removed);
 *                           empty for a list no rule touched, and for slates logged before rules existed
 */
public record ServedSlate(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                          String variant, String featureFingerprint, List<ServedItem> items, List<String> rules) {

  /** A slate no rule changed. */
  public ServedSlate(String requestId, String userId, Instant servedAt, String modelVersion, String modelKind,
                     String variant, String featureFingerprint, List<ServedItem> items) {
    this(requestId, userId, servedAt, modelVersion, modelKind, variant, featureFingerprint, items, List.of());
  }

  public ServedSlate {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(servedAt, "servedAt");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(modelKind, "modelKind");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(featureFingerprint, "featureFingerprint");
    items = List.copyOf(items);
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
