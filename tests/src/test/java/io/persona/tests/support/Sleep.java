package io.persona.tests.support;

/** Thread.sleep for tests: an interrupt fails the test instead of being swallowed. */
public final class Sleep {
  private Sleep() {}

  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
