package io.persona.persistence.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ArrivalClockTest {

  @Test
  void numbersKeepRisingWhenTheClockStandsStillOrGoesBack() {
    AtomicLong micros = new AtomicLong(5_000);
    ArrivalClock clock = new ArrivalClock(micros::get);
    assertEquals(5_000, clock.next());
    assertEquals(5_001, clock.next(), "the same microsecond");
    micros.set(4_000); // the wall clock was set back
    assertEquals(5_002, clock.next());
    micros.set(9_000);
    assertEquals(9_000, clock.next(), "the clock again once it is ahead");
  }

  @Test
  void threadsNeverGetTheSameNumber() throws Exception {
    ArrivalClock clock = new ArrivalClock(() -> 1L);
    long[][] taken = new long[4][10_000];
    Thread[] threads = new Thread[taken.length];
    for (int t = 0; t < threads.length; t++) {
      long[] mine = taken[t];
      threads[t] = new Thread(() -> {
        for (int i = 0; i < mine.length; i++) {
          mine[i] = clock.next();
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(40_000, java.util.Arrays.stream(taken).flatMapToLong(java.util.Arrays::stream).distinct().count());
    for (long[] mine : taken) {
      for (int i = 1; i < mine.length; i++) {
        assertTrue(mine[i] > mine[i - 1], "each thread sees them rise");
      }
    }
  }
}
