package io.persona.simulations.quality;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** How a dataset writes its times. */
public enum TimestampFormat {
  /** ISO-8601 with an offset or {@code Z}; a local date-time without one is read as UTC. */
  ISO {
    @Override
    Instant parse(String text) {
      String t = text.strip();
      char last = t.charAt(t.length() - 1);
      boolean hasZone = last == 'Z' || last == 'z' || t.lastIndexOf('+') > 9 || t.lastIndexOf('-') > 9;
      return hasZone ? java.time.OffsetDateTime.parse(t).toInstant()
          : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }
  },
  EPOCH_SECONDS {
    @Override
    Instant parse(String text) {
      return Instant.ofEpochMilli(Math.round(Double.parseDouble(text.strip()) * 1000));
    }
  },
  EPOCH_MILLIS {
    @Override
    Instant parse(String text) {
      return Instant.ofEpochMilli(Long.parseLong(text.strip()));
    }
  };

  abstract Instant parse(String text);
}
