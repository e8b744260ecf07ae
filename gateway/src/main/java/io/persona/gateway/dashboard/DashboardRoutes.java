package io.persona.gateway.dashboard;

import io.persona.gateway.http.Problem;
import io.persona.gateway.http.Responses;
import io.persona.gateway.json.Json;
import io.persona.models.validation.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The dashboard: its page at {@code GET /dashboard/} (no credential: it holds no data; it asks for
 * the operator key and sends it with every request) with uPlot from its webjar, and
 * {@code GET /v1/admin/dashboard/stream}, a server-sent event {@code snapshot} every second (a
 * JSON object, see {@link DashboardSnapshots}), behind the operator key like every admin endpoint.
 */
public final class DashboardRoutes extends AllDirectives {
  /** The page and its script; a folder name of Persona's own, so no other jar's files are served. */
  private static final String OWN_FILES = "persona-dashboard/";
  private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final Duration EVERY = Duration.ofSeconds(1);
  private static final int MAX_SNAPSHOTS = 3600;

  private final DashboardSnapshots snapshots;
  private final String uplotFiles;

  public DashboardRoutes(DashboardSnapshots snapshots) {
    this.snapshots = snapshots;
    this.uplotFiles = "META-INF/resources/webjars/uplot/" + webjarVersion() + "/dist/";
  }

  /** The page, at the root (beside /docs). */
  public Route page() {
    return concat(
        // relative: behind a path prefix the page is still found
        path("dashboard", () -> get(() -> redirect(Uri.create("dashboard/"), StatusCodes.PERMANENT_REDIRECT))),
        pathPrefix(PathMatchers.segment("dashboard").slash(), () -> get(() -> concat(
            pathEnd(() -> getFromResource(OWN_FILES + "index.html")),
            getFromResourceDirectory(OWN_FILES),
            getFromResourceDirectory(uplotFiles)))));
  }

  /** The stream, under the operator routes ({@code /v1/admin/...}). */
  public Route stream() {
    return pathPrefix("admin", () -> path(PathMatchers.segment("dashboard").slash("stream"), () -> get(() ->
        parameterOptional("snapshots", count -> {
          long limit = Long.MAX_VALUE; // endless: the page reads it for as long as it is open
          if (count.isPresent()) {
            try {
              limit = Integer.parseInt(count.get());
            } catch (NumberFormatException e) {
              limit = -1;
            }
            if (limit < 1 || limit > MAX_SNAPSHOTS) {
              return complete(Responses.problem(Problem.invalid("invalid-query", "Invalid dashboard stream request",
                  "1 problem(s) in the query parameters", List.of(new FieldError("snapshots",
                      "must be an integer from 1 to " + MAX_SNAPSHOTS + ", was '" + count.get() + "'")))));
            }
          }
          return completeOK(events(limit), EventStreamMarshalling.toEventStream());
        }))));
  }

  private Source<ServerSentEvent, NotUsed> events(long limit) {
    return Source.tick(Duration.ZERO, EVERY, "tick")
        .take(limit)
        .mapAsync(1, tick -> snapshots.next())
        .map(snapshot -> ServerSentEvent.create(new String(Json.bytes(snapshot), java.nio.charset.StandardCharsets.UTF_8),
            "snapshot"))
        .mapMaterializedValue(cancellable -> NotUsed.getInstance());
  }

  private static String webjarVersion() {
    Properties properties = new Properties();
    try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(UPLOT_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("the uplot webjar is not on the classpath (" + UPLOT_PROPERTIES + ")");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
