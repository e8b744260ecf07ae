package io.persona.models.evaluation.obd;

import io.persona.models.catalog.Item;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the Open Bandit Dataset's CSV layout: {@code <policy>/<campaign>/<campaign>.csv[.gz]} and
 * {@code item_context.csv} beside it.
 */
public final class ObdReader {
  /** "2019-11-24 00:03:13.442536+00:00": a space, optional micro-seconds, an offset with a colon. */
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .appendPattern("xxx")
      .toFormatter();

  private ObdReader() {}

  public static List<ObdImpression> impressions(Path root, String policy, String campaign) throws IOException {
    Path plain = root.resolve(policy).resolve(campaign).resolve(campaign + ".csv");
    Path gzipped = root.resolve(policy).resolve(campaign).resolve(campaign + ".csv.gz");
    boolean compressed = !Files.exists(plain);
    try (InputStream raw = Files.newInputStream(compressed ? gzipped : plain);
         InputStream in = compressed ? new GZIPInputStream(raw) : raw) {
      return impressions(in, policy, campaign);
    }
  }

  static List<ObdImpression> impressions(InputStream in, String policy, String campaign) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String[] header = reader.readLine().split(",", -1);
    int affinityFrom = Arrays.asList(header).indexOf("user-item_affinity_0");
    if (affinityFrom < 0 || !"timestamp".equals(header[1])) {
      throw new IOException("not an Open Bandit Dataset impression file: header " + String.join(",", header));
    }
    List<ObdImpression> out = new ArrayList<>();
    String line;
    int lineNo = 1;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      String[] f = line.split(",", -1);
      if (f.length != header.length) {
        throw new IOException("line " + lineNo + " has " + f.length + " fields, the header " + header.length);
      }
      double[] affinities = new double[header.length - affinityFrom];
      for (int i = 0; i < affinities.length; i++) {
        affinities[i] = Double.parseDouble(f[affinityFrom + i]);
      }
      out.add(new ObdImpression(
          OffsetDateTime.parse(f[1], TIMESTAMP).toInstant(), policy, campaign,
          Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), Double.parseDouble(f[5]),
          List.of(f[6], f[7], f[8], f[9]), affinities));
    }
    return out;
  }

  /**
   * The campaign's items as catalog items: the first hashed item feature is the category, the
   * other two are tags, the numeric one an attribute. Creation time is unknown; {@code created}
   * stands in for all.
   */
  public static Map<Integer, Item> items(Path root, String policy, String campaign, Instant created) throws IOException {
    Map<Integer, Item> items = new HashMap<>();
    List<String> lines = Files.readAllLines(root.resolve(policy).resolve(campaign).resolve("item_context.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      int id = Integer.parseInt(f[1]);
      items.put(id, new Item(ObdImpression.itemKey(campaign, id), "", campaign + ":" + f[3],
          List.of(f[4], f[5]), Map.of("feature_0", f[2]), true, created));
    }
    return items;
  }
}
