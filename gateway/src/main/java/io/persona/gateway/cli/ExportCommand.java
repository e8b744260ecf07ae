package io.persona.gateway.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.datastax.oss.driver.api.core.CqlSession;
import io.persona.actors.node.NodeConfig;
import io.persona.gateway.json.Json;
import io.persona.models.history.HistoryEvent;
import io.persona.models.learning.TrainingExample;
import io.persona.models.slate.ServedItem;
import io.persona.models.slate.ServedSlate;
import io.persona.persistence.cassandra.CassandraSessions;
import io.persona.persistence.cassandra.CassandraSettings;
import io.persona.persistence.learning.InteractionLogRepository;
import io.persona.persistence.learning.InteractionRetention;
import io.persona.persistence.learning.TrainingExampleRepository;
import io.persona.persistence.predictions.PredictionLogRepository;
import io.persona.persistence.timelog.TimeLogSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code persona export events|predictions|examples}: what the cluster learned from, as NDJSON for
 * offline analysis, read straight from Cassandra (the interaction log, the prediction log, the
 * training examples) over a time range, ten minutes at a time so memory stays flat. Connects as a node
 * would ({@code PERSONA_CASSANDRA_*}, the {@code local} profile by default). Exit codes: 0 done, 1
 * Cassandra could not be read, 2 a usage error.
 */
@Command(name = "persona export", mixinStandardHelpOptions = true,
    description = "Writes interactions, served lists (the prediction log) or training examples as NDJSON.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:done", "1:Cassandra could not be read or the file written", "2:usage error"})
public final class ExportCommand implements Callable<Integer> {
  enum What { events, predictions, examples }

  private static final Duration WINDOW = Duration.ofMinutes(10);
  /** One row per write, without a flush after each (the stream is buffered and flushed at the end). */
  private static final com.fasterxml.jackson.databind.ObjectWriter ROWS =
      Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

  @Parameters(index = "0", paramLabel = "WHAT", description = "events (the interaction log: every interaction within "
      + "the learning horizon), predictions (every served list with its features and what rules changed), "
      + "examples (the training examples: impressions joined with their outcomes)")
  What what;

  @Option(names = "--from", paramLabel = "INSTANT", description = "start, inclusive (ISO-8601; default: 24 hours ago)")
  String from;

  @Option(names = "--to", paramLabel = "INSTANT", description = "end, exclusive (ISO-8601; default: now)")
  String to;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write (default: standard output)")
  Path out;

  @Option(names = "--profile", defaultValue = "local",
      description = "the configuration profile whose Cassandra settings to use (default ${DEFAULT-VALUE}); "
          + "PERSONA_CASSANDRA_* variables override it")
  String profile;

  @Option(names = "--contact-points", paramLabel = "HOST:PORT,...", description = "Cassandra, instead of the profile's")
  String contactPoints;

  @Option(names = "--keyspace", description = "the keyspace, instead of the profile's")
  String keyspace;

  @Option(names = "--quiet", description = "no progress on standard error")
  boolean quiet;

  @Override
  public Integer call() {
    Instant now = Instant.now();
    Instant start;
    Instant end;
    try {
      end = to == null ? now : Instant.parse(to);
      start = from == null ? end.minus(Duration.ofHours(24)) : Instant.parse(from);
    } catch (DateTimeParseException e) {
      System.err.println("--from and --to take ISO-8601 instants such as 2026-12-01T00:00:00Z: " + e.getParsedString());
      return 2;
    }
    if (!start.isBefore(end)) {
      System.err.println("--from must be before --to");
      return 2;
    }
    Config config = config();
    try (CqlSession session = CassandraSessions.connect(CassandraSettings.fromConfig(config));
         OutputStream sink = new java.io.BufferedOutputStream(out == null
             ? unclosed(new java.io.FileOutputStream(java.io.FileDescriptor.out)) : Files.newOutputStream(out), 1 << 16);
         JsonGenerator json = Json.MAPPER.getFactory().createGenerator(sink)) {
      json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
      String space = CassandraSettings.fromConfig(config).keyspace();
      Progress progress = new Progress(quiet);
      switch (what) {
        case events -> new InteractionLogRepository(session, space, new InteractionRetention(Duration.ofDays(1),
            Duration.ZERO)).scan(start, end, event -> write(json, event(event), progress));
        case predictions -> {
          PredictionLogRepository log = new PredictionLogRepository(session, space,
              TimeLogSettings.fromConfig(config, "persona.prediction-log"));
          for (Instant window = start; window.isBefore(end); window = next(window)) {
            for (ServedSlate slate : log.read(window, min(next(window), end))) {
              write(json, slate(slate), progress);
            }
          }
        }
        case examples -> {
          TrainingExampleRepository examples = new TrainingExampleRepository(session, space,
              TimeLogSettings.fromConfig(config, "persona.learning.store"));
          for (Instant window = start; window.isBefore(end); window = next(window)) {
            for (TrainingExample example : examples.read(window, min(next(window), end))) {
              write(json, example, progress);
            }
          }
        }
      }
      json.writeRaw('\n');
      json.flush();
      progress.done(what.name());
      return 0;
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Could not write the export: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.err.println("Could not read Cassandra: " + e);
      return 1;
    }
  }

  private Config config() {
    Map<String, Object> overrides = new HashMap<>();
    if (contactPoints != null) {
      overrides.put("persona.cassandra.contact-points", contactPoints);
    }
    if (keyspace != null) {
      overrides.put("persona.cassandra.keyspace", keyspace);
    }
    return ConfigFactory.parseMap(overrides).withFallback(NodeConfig.load(profile)).resolve();
  }

  /**
   * Standard output, flushed but never closed by the export (a caller in the same JVM keeps it); a
   * write error (a closed pipe, a full disk) is an IOException, not PrintStream's silent flag.
   */
  private static OutputStream unclosed(OutputStream stream) {
    return new java.io.FilterOutputStream(stream) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  /**
   * The next window's start: the logs are read {@link #WINDOW} at a time (each read is held and
   * sorted in memory; at 100 lists/s ten minutes are 60,000 slates), on boundaries of it.
   */
  private static Instant next(Instant at) {
    long size = WINDOW.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size + size);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static void write(JsonGenerator json, Object row, Progress progress) {
    try {
      ROWS.writeValue(json, row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.row();
  }

  private static Map<String, Object> event(HistoryEvent event) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("eventId", event.eventId());
    row.put("userId", event.userId());
    row.put("itemId", event.itemId());
    row.put("type", event.type());
    row.put("value", event.value());
    row.put("timestamp", event.time());
    return row;
  }

  private static Map<String, Object> slate(ServedSlate slate) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("requestId", slate.requestId());
    row.put("userId", slate.userId());
    row.put("servedAt", slate.servedAt());
    row.put("modelVersion", slate.modelVersion());
    row.put("modelKind", slate.modelKind());
    row.put("variant", slate.variant());
    row.put("featureFingerprint", slate.featureFingerprint());
    row.put("rules", slate.rules());
    List<Map<String, Object>> items = slate.items().stream().map(ExportCommand::item).toList();
    row.put("items", items);
    return row;
  }

  private static Map<String, Object> item(ServedItem item) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    row.put("itemId", item.itemId());
    row.put("position", item.position());
    row.put("source", item.source());
    row.put("rawScore", item.rawScore());
    row.put("calibratedScore", item.calibratedScore());
    row.put("propensity", item.propensity());
    row.put("dense", item.dense());
    row.put("sparse", item.sparse());
    return row;
  }

  /** Rows written so far, on standard error every 10,000 rows and at the end, with the rate. */
  private static final class Progress {
    private final boolean quiet;
    private final long started = System.nanoTime();
    private long rows;

    Progress(boolean quiet) {
      this.quiet = quiet;
    }

    void row() {
      rows++;
      if (!quiet && rows % 10_000 == 0) {
        System.err.printf("\r%,d rows (%,.0f/s)", rows, rate());
      }
    }

    void done(String what) {
      if (!quiet) {
        System.err.printf("\r%,d %s exported (%,.0f rows/s)%n", rows, what, rate());
      }
    }

    private double rate() {
      return rows / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    }
  }

  public static int execute(String... args) {
    return new CommandLine(new ExportCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
