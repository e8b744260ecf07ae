package io.persona.simulations.imports;

import io.persona.gateway.imports.CsvReader;
import io.persona.gateway.imports.DerivedEventIds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The first {@code rows} rows of the Online Retail interactions (user_id, item_id,
 * timestamp_iso_utc, quantity, unit_price, invoice, description, country) as import CSV lines:
 * each row a purchase with the quantity as value and a derived event id (over the whole slice, as
 * {@code persona import} derives them), and each item once, its category the country of its first
 * row and its description as title.
 */
record RetailSlice(List<String> eventRows, List<String> itemRows) {
  static final String EVENT_HEADER = "eventId,userId,type,itemId,timestamp,value";
  static final String ITEM_HEADER = "itemId,category,title";

  static RetailSlice read(Path file, int rows) throws IOException {
    List<String> events = new ArrayList<>(rows);
    Map<String, String> items = new LinkedHashMap<>();
    DerivedEventIds ids = new DerivedEventIds();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
      CsvReader csv = new CsvReader(in);
      csv.next(); // header
      for (CsvReader.Row row = csv.next(); row != null && events.size() < rows; row = csv.next()) {
        List<String> f = row.fields();
        String user = f.get(0);
        String item = f.get(1);
        String time = f.get(2);
        String quantity = f.get(3);
        String id = ids.next(List.of(user, "purchase", item, time, quantity));
        events.add(CsvReader.format(List.of(id, user, "purchase", item, time, quantity)));
        String category = f.get(7).isBlank() ? "retail" : f.get(7);
        items.putIfAbsent(item, CsvReader.format(List.of(item, category, f.get(6))));
      }
    } catch (CsvReader.MalformedRowException e) {
      throw new IOException("line " + e.line() + " of " + file + ": " + e.getMessage(), e);
    }
    return new RetailSlice(events, new ArrayList<>(items.values()));
  }
}
