package io.persona.models.learning;

/**
 * User and item factors of one matrix factorisation, rows numbered as the training input numbered
 * users and items; u·v is the model's preference of user u for item v. A row of a user or item
 * without interactions is all zeros.
 */
public record LatentFactors(float[][] users, float[][] items) {

  public int dimension() {
    return items.length > 0 ? items[0].length : users.length > 0 ? users[0].length : 0;
  }
}
