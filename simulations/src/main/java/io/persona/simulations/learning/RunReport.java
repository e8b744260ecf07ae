package io.persona.simulations.learning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.simulations.BenchmarkMachine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON result of one {@link LearningSimulation} run: what was asked, the world's floor and
 * ceiling, a row per simulated minute, the overall CTR and the CTR of the last minutes (the figure
 * runs are compared on: by then a learning node has had time to learn), freshness, and the machine.
 */
final class RunReport {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** How many final minutes "ctrLast3Minutes" covers. */
  static final int LAST_MINUTES = 3;

  private RunReport() {}

  /**
   * {@code bestPreferredShare} and {@code bestCheapShareForMobile}: what the best lists hold (the
   * share of their items in the user's preferred category, and of cheap items in a mobile user's best
   * list), to read the served lists' mix against; NaN where unknown.
   */
  static ObjectNode json(SimulationOptions options, double randomCtr, double bestCtr, double bestPreferredShare,
                         double bestCheapShareForMobile, long itemsUpserted, List<MinuteRow> rows, Freshness freshness,
                         Collection<ModelInfo> models, String startedAt) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("benchmark", "learning-loop");
    json.put("label", options.label());
    json.put("startedAt", startedAt);
    json.put("baseUrl", options.url());
    ObjectNode opts = json.putObject("options");
    opts.put("minutes", options.minutes());
    opts.put("minuteSeconds", options.minuteSeconds());
    opts.put("users", options.users());
    opts.put("items", options.items());
    opts.put("categories", options.categories());
    opts.put("workers", options.workers());
    opts.put("seed", options.seed());
    opts.put("k", options.k());
    opts.put("shiftAtMinute", options.shiftAtMinute());
    ObjectNode world = json.putObject("world");
    world.put("randomSlateCtr", round(randomCtr));
    world.put("bestSlateCtr", round(bestCtr));
    putCtr(world, "bestListsPreferredShare", bestPreferredShare);
    putCtr(world, "bestListsCheapShareForMobile", bestCheapShareForMobile);
    world.put("note", "expected CTR of k random items, and of each user's k best items best first (the ceiling);"
        + " the share of the best lists' items in the user's preferred category, and of cheap ones for mobile users");
    json.put("itemsUpserted", itemsUpserted);

    ArrayNode minutes = json.putArray("minutes");
    for (MinuteRow row : rows) {
      ObjectNode m = minutes.addObject();
      m.put("minute", row.minute());
      m.put("slates", row.slates());
      m.put("impressions", row.impressions());
      m.put("clicks", row.clicks());
      m.put("purchases", row.purchases());
      m.put("errors", row.errors());
      putCtr(m, "ctr", row.ctr());
      ObjectNode kinds = m.putObject("modelKinds");
      row.modelKinds().forEach(kinds::put);
      ArrayNode versions = m.putArray("modelVersions");
      row.modelVersions().forEach(versions::add);
      m.set("lists", lists(List.of(row)));
    }
    json.put("slates", rows.stream().mapToLong(MinuteRow::slates).sum());
    json.put("impressions", rows.stream().mapToLong(MinuteRow::impressions).sum());
    json.put("clicks", rows.stream().mapToLong(MinuteRow::clicks).sum());
    json.put("errors", rows.stream().mapToLong(MinuteRow::errors).sum());
    putCtr(json, "ctr", ctr(rows));
    putCtr(json, "ctrLast3Minutes", ctr(rows.subList(Math.max(0, rows.size() - LAST_MINUTES), rows.size())));
    json.set("listsLast3Minutes", lists(rows.subList(Math.max(0, rows.size() - LAST_MINUTES), rows.size())));

    ObjectNode fresh = json.putObject("freshness");
    fresh.put("available", freshness.available());
    if (freshness.p50Seconds() == null) {
      fresh.put("p50Seconds", "n/a");
    } else {
      fresh.put("p50Seconds", freshness.p50Seconds());
    }
    fresh.put("count", freshness.count());
    fresh.put("clicks", freshness.clicks());
    fresh.put("note", freshness.note());

    ArrayNode modelList = json.putArray("models");
    for (ModelInfo model : models) {
      ObjectNode m = modelList.addObject();
      m.put("version", model.version());
      m.put("kind", model.kind());
      m.put("status", model.status());
      if (model.dataToMillis() >= 0) {
        m.put("dataTo", java.time.Instant.ofEpochMilli(model.dataToMillis()).toString());
      }
    }
    ObjectNode machine = json.putObject("machine");
    machine.put("cores", BenchmarkMachine.cores());
    machine.put("cpu", BenchmarkMachine.cpuModel());
    machine.put("java", System.getProperty("java.version"));
    machine.put("note", "Cassandra, Persona and the simulator share the machine");
    return json;
  }

  /**
   * What the rows' lists held, pooled: the share of items in their user's preferred category, of
   * cheap items in mobile users' lists, the expected CTR under the true click model and its share of
   * the users' best lists', and per retrieval source the slots, clicks and CTR.
   */
  static ObjectNode lists(List<MinuteRow> rows) {
    long impressions = 0;
    long preferred = 0;
    long mobile = 0;
    long cheap = 0;
    double expected = 0;
    double best = 0;
    Map<String, long[]> sources = new TreeMap<>();
    for (MinuteRow row : rows) {
      ListMix mix = row.mix();
      impressions += row.impressions();
      preferred += mix.preferred();
      mobile += mix.shownToMobile();
      cheap += mix.cheapForMobile();
      expected += mix.expectedClicks();
      best += mix.bestClicks();
      mix.slotsBySource().forEach((source, n) -> sources.computeIfAbsent(source, s -> new long[2])[0] += n);
      mix.clicksBySource().forEach((source, n) -> sources.computeIfAbsent(source, s -> new long[2])[1] += n);
    }
    ObjectNode json = MAPPER.createObjectNode();
    putCtr(json, "preferredShare", impressions == 0 ? Double.NaN : (double) preferred / impressions);
    putCtr(json, "cheapShareForMobile", mobile == 0 ? Double.NaN : (double) cheap / mobile);
    putCtr(json, "expectedCtr", impressions == 0 ? Double.NaN : expected / impressions);
    putCtr(json, "shareOfBest", best == 0 ? Double.NaN : expected / best);
    ObjectNode bySource = json.putObject("sources");
    sources.forEach((source, counts) -> {
      ObjectNode s = bySource.putObject(source);
      s.put("slots", counts[0]);
      s.put("clicks", counts[1]);
      putCtr(s, "ctr", counts[0] == 0 ? Double.NaN : (double) counts[1] / counts[0]);
    });
    return json;
  }

  /** Clicks per impression over the rows; NaN when they showed nothing. */
  static double ctr(List<MinuteRow> rows) {
    long impressions = rows.stream().mapToLong(MinuteRow::impressions).sum();
    long clicks = rows.stream().mapToLong(MinuteRow::clicks).sum();
    return impressions == 0 ? Double.NaN : (double) clicks / impressions;
  }

  private static void putCtr(ObjectNode json, String field, double ctr) {
    if (Double.isNaN(ctr)) {
      json.putNull(field);
    } else {
      json.put(field, round(ctr));
    }
  }

  private static double round(double ctr) {
    return Math.round(ctr * 1e5) / 1e5;
  }
}
