package io.persona.simulations.learning;

/**
 * One simulated user: a hidden taste (latent vector, preferred category) and the device the user
 * always asks from, which the simulator passes as the request's {@code device} parameter.
 */
public record WorldUser(String userId, float[] latent, int preferredCategory, String device) {

  public static final String MOBILE = "mobile";
  public static final String DESKTOP = "desktop";

  public boolean mobile() {
    return MOBILE.equals(device);
  }
}
