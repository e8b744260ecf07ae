package io.persona.simulations.quality;

/**
 * One line of the results: a method with the parameters it was tuned to, on one protocol with one
 * seen policy.
 *
 * @param role             {@code baseline} or {@code candidate} (a way Persona could serve)
 * @param label            short, stable name of the method family
 * @param method           the method with every parameter
 * @param validationHitRate HR@K on the validation split it was tuned on; NaN if it has nothing to tune
 */
public record MethodRow(String protocol, SeenPolicy seen, String role, String label, String method,
                        double validationHitRate, Evaluation test, double seconds) {
  public static final String BASELINE = "baseline";
  public static final String CANDIDATE = "candidate";
}
