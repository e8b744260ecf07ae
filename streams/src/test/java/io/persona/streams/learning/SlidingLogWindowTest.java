package io.persona.streams.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingLogWindowTest {
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  /** A log with one row per second, each named by its second; it records every range it is asked for. */
  private static final class Log {
    final List<String> asked = new ArrayList<>();

    List<Integer> read(Instant from, Instant to) {
      asked.add(seconds(from) + "-" + seconds(to));
      List<Integer> rows = new ArrayList<>();
      for (int s = seconds(from); s < seconds(to); s++) {
        rows.add(s);
      }
      return rows;
    }
  }

  private static int seconds(Instant t) {
    return (int) (t.getEpochSecond() - T0.getEpochSecond());
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> rows = new ArrayList<>();
    for (int s = from; s < to; s++) {
      rows.add(s);
    }
    return rows;
  }

  private final Log log = new Log();
  private final SlidingLogWindow<Integer> window = new SlidingLogWindow<>(log::read, SlidingLogWindowTest::at);

  @Test
  void aWindowThatSlidesForwardReadsOnlyItsNewPart_andReturnsWhatAWholeReadWould() {
    assertEquals(range(0, 180), window.read(at(0), at(180)));
    assertEquals(range(2, 182), window.read(at(2), at(182)));
    assertEquals(range(4, 184), window.read(at(4), at(184)));

    assertEquals(List.of("0-180", "180-182", "182-184"), log.asked);
    assertEquals(184, window.rowsRead());
  }

  @Test
  void aWindowThatMovesBackOrJumpsPastWhatIsHeldIsReadWhole() {
    window.read(at(10), at(20));
    assertEquals(range(5, 25), window.read(at(5), at(25)), "starts before what is held");
    assertEquals(range(40, 50), window.read(at(40), at(50)), "a gap after what is held");
    assertEquals(range(41, 45), window.read(at(41), at(45)), "ends before what was read");

    assertEquals(List.of("10-20", "5-25", "40-50", "41-45"), log.asked);
  }

  @Test
  void aWindowThatStaysOrOnlyShrinksFromTheFrontReadsNothing() {
    window.read(at(0), at(10));
    assertEquals(range(0, 10), window.read(at(0), at(10)));
    assertEquals(range(7, 10), window.read(at(7), at(10)));

    assertEquals(List.of("0-10"), log.asked);
  }

  @Test
  void afterForgettingTheNextReadReadsItsWholeRange() {
    window.read(at(0), at(10));
    window.forget();
    assertEquals(range(2, 12), window.read(at(2), at(12)));

    assertEquals(List.of("0-10", "2-12"), log.asked);
  }
}
