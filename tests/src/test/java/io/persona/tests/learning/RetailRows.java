package io.persona.tests.learning;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The test slice of the UCI Online Retail data (test resources, CC BY 4.0, see its README): real
 * purchase lines, time-shifted so that the last one happened a minute ago, as a replay of a
 * history into a running system would send them.
 */
record RetailRows(List<Row> rows) {

  /** One purchase line: the row number makes the event id. */
  record Row(int line, String userId, String itemId, Instant time, String invoice, String description) {}

  static RetailRows load() {
    List<Row> rows = new ArrayList<>();
    try (InputStream raw = RetailRows.class.getResourceAsStream("/online-retail/first-12000.csv.gz");
         BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
             StandardCharsets.UTF_8))) {
      in.readLine(); // header
      String line;
      int number = 1;
      while ((line = in.readLine()) != null) {
        number++;
        String[] f = line.split(",", 8);
        rows.add(new Row(number, f[0], f[1], Instant.parse(f[2]), f[5], f[6]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Instant last = rows.get(rows.size() - 1).time();
    Duration shift = Duration.between(last, Instant.now().minusSeconds(60));
    return new RetailRows(rows.stream()
        .map(r -> new Row(r.line(), r.userId(), r.itemId(), r.time().plus(shift), r.invoice(), r.description()))
        .toList());
  }
}
