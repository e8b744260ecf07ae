package io.persona.gateway.http;

import io.persona.actors.catalog.CatalogWriter;
import io.persona.actors.user.UserEntity;
import io.persona.gateway.imports.CsvColumns;
import io.persona.gateway.imports.DerivedEventIds;
import io.persona.gateway.imports.ImportFormat;
import io.persona.gateway.imports.ImportLine;
import io.persona.gateway.imports.ImportLineReader;
import io.persona.gateway.json.EventJson;
import io.persona.gateway.json.ItemJson;
import io.persona.gateway.json.Parsed;
import io.persona.models.catalog.Item;
import io.persona.models.events.UserEvent;
import io.persona.models.events.UserEventRules;
import io.persona.models.validation.FieldError;
import io.persona.streams.ingest.BulkIngest;
import io.persona.streams.ingest.ImportSettings;
import io.persona.streams.ingest.IngestOutcome;
import io.persona.streams.ingest.IngestTelemetry;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * {@code POST /v1/import/events} and {@code POST /v1/import/items}: a history in NDJSON or CSV
 * (text/csv with a header row), checked line by line by the same rules as {@code /v1/events} and
 * {@code /v1/items}. {@code on-error=fail} (the default) refuses the whole request with a 400 that
 * names every bad line (1-based; a CSV header is line 1) and records nothing; {@code on-error=skip}
 * records the good lines and reports the bad ones. Events go through {@link BulkIngest} (each
 * user's events one persistAll) and are answered once all are persisted, recognised or refused;
 * if any is not confirmed the answer is 503 with Retry-After, and resending the request is safe.
 */
public final class ImportRoutes extends AllDirectives {
  /** A line that was not recorded: skipped (bad) or rejected (its event id used for other content). */
  record LineProblem(long line, String eventId, String outcome, String reason) {}

  record EventsReply(int accepted, int duplicates, int rejected, int skipped, List<LineProblem> problems) {}

  record ItemsReply(int upserted, int skipped, List<LineProblem> problems) {}

  /** What the lines of a body were: the good values with their line numbers, and the bad lines. */
  private record Checked<T>(List<T> values, List<Long> lines, List<FieldError> errors, int badLines) {}

  private final BulkIngest ingest;
  private final CatalogWriter catalog;
  private final RequestBodies bodies;
  private final ImportSettings settings;
  private final UserEventRules rules;
  private final Duration retryAfter;
  private final Clock clock;

  public ImportRoutes(BulkIngest ingest, CatalogWriter catalog, ImportSettings settings, UserEventRules rules,
                      Duration retryAfter, Clock clock) {
    this.ingest = ingest;
    this.catalog = catalog;
    this.settings = settings;
    this.rules = rules;
    this.retryAfter = retryAfter;
    this.clock = clock;
    this.bodies = new RequestBodies(settings.maxBodyBytes(), settings.requestTimeout().toMillis());
  }

  public Route route() {
    return pathPrefix("import", () -> withRequestTimeout(settings.requestTimeout(), () -> concat(
        path("events", () -> post(() -> onError(skip -> bodies.ndjsonOrCsv((body, format) ->
            importEvents(body, format, skip))))),
        path("items", () -> post(() -> onError(skip -> bodies.ndjsonOrCsv((body, format) ->
            importItems(body, format, skip))))))));
  }

  private Route onError(java.util.function.Function<Boolean, Route> inner) {
    return parameterOptional("on-error", mode -> {
      String chosen = mode.orElse("fail");
      if (!chosen.equals("fail") && !chosen.equals("skip")) {
        return complete(Responses.problem(Problem.of("invalid-parameter", "Invalid parameter", 400,
            "on-error must be skip or fail, not " + chosen)));
      }
      return inner.apply(chosen.equals("skip"));
    });
  }

  // ---- events ----

  private CompletionStage<HttpResponse> importEvents(byte[] body, ImportFormat format, boolean skip) {
    Instant now = clock.instant();
    Optional<Checked<UserEvent>> checked;
    try {
      checked = check(body, format, CsvColumns.Kind.EVENTS, settings.maxEventsPerRequest(),
          (object, line) -> EventJson.read(List.of(object), rules, now));
    } catch (CsvColumns.BadHeaderException e) {
      return done(Responses.problem(Problem.of("malformed-body", "Malformed request body", 400, e.getMessage())));
    }
    if (checked.isEmpty()) {
      IngestTelemetry.rejected(IngestTelemetry.Rejection.TOO_MANY, settings.maxEventsPerRequest());
      return done(tooMany("events", settings.maxEventsPerRequest()));
    }
    Checked<UserEvent> events = checked.get();
    if (!events.errors().isEmpty() && !skip) {
      IngestTelemetry.rejected(IngestTelemetry.Rejection.INVALID, events.values().size() + events.badLines());
      return done(invalid("invalid-events", "Invalid events", events));
    }
    if (events.values().isEmpty()) {
      return done(Responses.json(200, new EventsReply(0, 0, 0, events.badLines(), problems(events))));
    }
    return ingest.submit(events.values()).thenApply(outcomes -> eventsReply(events, outcomes));
  }

  private HttpResponse eventsReply(Checked<UserEvent> events, List<IngestOutcome> outcomes) {
    long unconfirmed = outcomes.stream().filter(o -> o instanceof IngestOutcome.Unavailable).count();
    if (unconfirmed > 0) { // worth resending, whatever else failed
      String reason = outcomes.stream().filter(o -> o instanceof IngestOutcome.Unavailable)
          .map(o -> ((IngestOutcome.Unavailable) o).reason()).findFirst().orElseThrow();
      return Responses.unavailable("Events not confirmed", unconfirmed + " of " + outcomes.size()
          + " events could not be confirmed (" + reason + "). Resend the whole request: events already "
          + "recorded are answered as duplicates." + EventBatchIntake.faultsBeside(outcomes), retryAfter);
    }
    Optional<Throwable> fault = EventBatchIntake.faulted(outcomes);
    if (fault.isPresent()) {
      return ServerFailures.internalError(fault.get());
    }
    int accepted = 0;
    int duplicates = 0;
    List<LineProblem> problems = problems(events);
    for (int i = 0; i < outcomes.size(); i++) {
      UserEntity.RecordResult result = ((IngestOutcome.Answered) outcomes.get(i)).result();
      if (result instanceof UserEntity.Accepted) {
        accepted++;
      } else if (result instanceof UserEntity.Duplicate) {
        duplicates++;
      } else {
        problems.add(new LineProblem(events.lines().get(i), result.eventId(), "rejected",
            ((UserEntity.Rejected) result).reason()));
      }
    }
    problems.sort(java.util.Comparator.comparingLong(LineProblem::line));
    int rejected = outcomes.size() - accepted - duplicates;
    return Responses.json(200, new EventsReply(accepted, duplicates, rejected, events.badLines(), problems));
  }

  // ---- items ----

  private CompletionStage<HttpResponse> importItems(byte[] body, ImportFormat format, boolean skip) {
    Instant now = clock.instant();
    Optional<Checked<Item>> checked;
    try {
      checked = check(body, format, CsvColumns.Kind.ITEMS, settings.maxEventsPerRequest(),
          (object, line) -> ItemJson.read(List.of(object), now));
    } catch (CsvColumns.BadHeaderException e) {
      return done(Responses.problem(Problem.of("malformed-body", "Malformed request body", 400, e.getMessage())));
    }
    if (checked.isEmpty()) {
      return done(tooMany("items", settings.maxEventsPerRequest()));
    }
    Checked<Item> items = checked.get();
    if (!items.errors().isEmpty() && !skip) {
      return done(invalid("invalid-items", "Invalid items", items));
    }
    // chunk by chunk, one after the other: each chunk is one catalog write (Cassandra, then pub-sub)
    CompletionStage<Integer> written = CompletableFuture.completedFuture(0);
    List<Item> values = items.values();
    for (int from = 0; from < values.size(); from += settings.itemsChunk()) {
      List<Item> chunk = values.subList(from, Math.min(values.size(), from + settings.itemsChunk()));
      written = written.thenCompose(sum -> catalog.write(chunk, Map.of()).thenApply(count -> sum + count));
    }
    return written.thenApply(count -> Responses.json(200, new ItemsReply(count, items.badLines(), problems(items))));
  }

  // ---- the lines ----

  /**
   * Reads and checks every line; empty when there are more than {@code max} lines.
   *
   * @param parse checks one line's object by the API's own rules (errors under "[0]")
   */
  private <T> Optional<Checked<T>> check(byte[] body, ImportFormat format, CsvColumns.Kind kind, int max,
                                         BiFunction<com.fasterxml.jackson.databind.node.ObjectNode, Long, Parsed<T>> parse)
      throws CsvColumns.BadHeaderException {
    List<T> values = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    int badLines = 0;
    try {
      ImportLineReader reader = new ImportLineReader(new BufferedReader(new InputStreamReader(
          new ByteArrayInputStream(body), StandardCharsets.UTF_8)), format, kind, new DerivedEventIds());
      int count = 0;
      for (ImportLine line = reader.next(); line != null; line = reader.next()) {
        if (++count > max) {
          return Optional.empty();
        }
        String at = "line " + line.line();
        if (!line.readable()) {
          errors.add(new FieldError(at, line.unreadable()));
          badLines++;
          continue;
        }
        Parsed<T> parsed = parse.apply(line.object(), line.line());
        if (parsed.ok()) {
          values.add(parsed.values().get(0));
          lines.add(line.line());
        } else {
          parsed.errors().forEach(e -> errors.add(new FieldError(at + "." + e.field().replaceFirst("^\\[0]\\.", ""),
              e.reason())));
          badLines++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading bytes in memory
    }
    return Optional.of(new Checked<>(values, lines, errors, badLines));
  }

  private static List<LineProblem> problems(Checked<?> checked) {
    List<LineProblem> problems = new ArrayList<>();
    for (FieldError error : checked.errors()) {
      String field = error.field();
      int dot = field.indexOf('.');
      long line = Long.parseLong(dot < 0 ? field.substring(5) : field.substring(5, dot));
      problems.add(new LineProblem(line, null, "skipped", error.sentence()));
    }
    return problems;
  }

  private static HttpResponse invalid(String slug, String title, Checked<?> checked) {
    return Responses.problem(Problem.invalid(slug, title, checked.badLines() + " bad line(s), "
        + checked.errors().size() + " problem(s); nothing was recorded (on-error=skip records the good lines)",
        checked.errors()));
  }

  private static HttpResponse tooMany(String what, int max) {
    return Responses.problem(Problem.of("too-many-" + what, "Too many " + what, 413,
        "An import request may carry at most " + max + " " + what + "; split the file into several requests"));
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
