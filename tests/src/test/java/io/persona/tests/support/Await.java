package io.persona.tests.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a value satisfies a condition; the failure names the last value and extra context. */
public final class Await {
  private Await() {}

  public static <T> T until(String what, Duration within, Duration every, Supplier<T> poll, Predicate<T> done,
      Supplier<String> context) {
    long deadline = System.nanoTime() + within.toNanos();
    T last = null;
    while (true) {
      last = poll.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + within + " for " + what + "; last: " + last + context.get());
      }
      Sleep.millis(every.toMillis());
    }
  }
}
