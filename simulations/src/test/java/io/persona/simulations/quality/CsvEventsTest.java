package io.persona.simulations.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEventsTest {
  @TempDir
  Path dir;

  @Test
  void readsTheOnlineRetailShapeGzippedWithQuotedCommas() throws IOException {
    Path file = dir.resolve("retail.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("""
          user_id,item_id,timestamp_iso_utc,quantity,unit_price,invoice,description,country
          17850,85123A,2010-12-01T08:26:00Z,6,2.55,536365,"LANTERN, WHITE \"\"METAL\"\"",United Kingdom
          17850,,2010-12-01T08:26:00Z,6,3.39,536365,no item,United Kingdom
          12680,23255,2011-12-09T12:50:00Z,4,4.15,581587,CUTLERY,France
          """).getBytes(StandardCharsets.UTF_8));
    }
    EventFile read = OnlineRetail.read(file);
    assertEquals(List.of(
        new HistoryEvent("17850", "85123A", "purchase", Instant.parse("2010-12-01T08:26:00Z"), 6),
        new HistoryEvent("12680", "23255", "purchase", Instant.parse("2011-12-09T12:50:00Z"), 4)), read.events());
    assertEquals(1, read.skippedRows());
    assertEquals(List.of("line 3: no item_id"), read.firstErrors());
  }

  @Test
  void quotedFieldsKeepCommasAndDoubledQuotes() {
    assertEquals(List.of("a", "LANTERN, WHITE \"METAL\"", ""), CsvEvents.fields("a,\"LANTERN, WHITE \"\"METAL\"\"\","));
  }

  @Test
  void aMappingNamesTheTypeColumnAndEpochSeconds() throws IOException {
    Path file = dir.resolve("ratings.csv");
    Files.writeString(file, """
        u,i,kind,stars,ts
        1,10,rating,4.5,978300760
        2,11,view,,978300761
        """);
    ColumnMapping mapping = ColumnMapping.typed("u", "i", "ts", TimestampFormat.EPOCH_SECONDS, "kind", "stars");
    EventFile read = CsvEvents.read(file, mapping);
    assertEquals(List.of(
        new HistoryEvent("1", "10", "rating", Instant.ofEpochSecond(978300760), 4.5),
        new HistoryEvent("2", "11", "view", Instant.ofEpochSecond(978300761), 1.0)), read.events());
  }

  @Test
  void ndjsonTakesNumbersAndStringsAlike() throws IOException {
    Path file = dir.resolve("events.ndjson");
    Files.writeString(file, """
        {"user": 7, "item": "a b/c", "type": "click", "at": "2024-05-01T10:00:00+02:00"}
        {"user": "8", "item": 3, "type": "purchase", "at": "2024-05-01T09:00:00"}
        not json
        """);
    ColumnMapping mapping = ColumnMapping.typed("user", "item", "at", TimestampFormat.ISO, "type", null);
    EventFile read = NdjsonEvents.read(file, mapping);
    assertEquals(List.of(
        new HistoryEvent("7", "a b/c", "click", Instant.parse("2024-05-01T08:00:00Z"), 1),
        new HistoryEvent("8", "3", "purchase", Instant.parse("2024-05-01T09:00:00Z"), 1)), read.events());
    assertEquals(1, read.skippedRows());
  }

  @Test
  void strengthsFollowTheEventWeights() {
    assertEquals(4.0, EventWeights.DEFAULT.strength("purchase", 6));
    assertEquals(1.0, EventWeights.DEFAULT.strength("view", 1));
    assertEquals(2.5, EventWeights.DEFAULT.strength("rating", 5));
    assertEquals(0.0, EventWeights.DEFAULT.strength("rating", 2));
    assertEquals(1.0, EventWeights.DEFAULT.strength("wishlist", 1));
  }
}
