package io.persona.simulations.learning;

/** The size and seed of a {@link SimulatedWorld}: everything in it is a function of these. */
public record WorldSettings(int items, int categories, int users, long seed) {

  public static final int DEFAULT_ITEMS = 2_000;
  public static final int DEFAULT_CATEGORIES = 20;
  public static final int DEFAULT_USERS = 400;

  public WorldSettings {
    if (categories < 1 || items < categories || users < 1) {
      throw new IllegalArgumentException("need users >= 1 and items >= categories >= 1, got " + items
          + " items, " + categories + " categories, " + users + " users");
    }
  }

  public static WorldSettings defaults(long seed) {
    return new WorldSettings(DEFAULT_ITEMS, DEFAULT_CATEGORIES, DEFAULT_USERS, seed);
  }
}
