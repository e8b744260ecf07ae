package io.persona.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts one chunk (NDJSON) to a node's import endpoint and reads the answer; a 503 or a failed
 * connection is retried with exponential backoff (honouring Retry-After), which is safe because
 * events already recorded come back as duplicates and items are upserts.
 */
final class ImportClient {
  /** A line the node did not record, by its line number in the chunk's body (1-based). */
  record BodyProblem(long bodyLine, String outcome, String reason) {}

  /** The node's answer to a chunk. */
  sealed interface Reply permits Recorded, Refused {}

  /** Recorded: events (accepted, duplicates, rejected) or items (upserted); bad lines skipped. */
  record Recorded(long accepted, long duplicates, long rejected, long upserted, long skipped,
                  List<BodyProblem> problems) implements Reply {}

  /** 400: nothing of the chunk was recorded (on-error=fail); every bad line named. */
  record Refused(String detail, List<BodyProblem> problems) implements Reply {}

  /** The node refused in a way a resend cannot fix (not a 400 about lines, 503 or a connection problem). */
  static final class ImportFailedException extends IOException {
    ImportFailedException(String message) {
      super(message);
    }
  }

  private static final Pattern LINE = Pattern.compile("^line (\\d+)(?:\\.(.*))?$");
  private static final Pattern BODY_LINE_PREFIX = Pattern.compile("line \\d+\\.");

  private final HttpClient http;
  private final URI endpoint;
  private final String path;
  private final int maxAttempts;
  private final Duration requestTimeout;
  private final String apiKey;

  ImportClient(String baseUrl, String path, String onError, int maxAttempts, Duration requestTimeout, String apiKey) {
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + path + "?on-error=" + onError);
    this.path = path;
    this.maxAttempts = maxAttempts;
    this.requestTimeout = requestTimeout;
  }

  Reply post(byte[] ndjson) throws IOException, InterruptedException {
    long backoffMillis = 500;
    for (int attempt = 1; ; attempt++) {
      String retryReason;
      long waitMillis = backoffMillis;
      try {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "application/x-ndjson")
            .header("Authorization", "Bearer " + apiKey)
            .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 200) {
          return recorded(Json.MAPPER.readTree(response.body()));
        }
        JsonNode body = readOrNull(response.body());
        if (status == 400 && body != null && body.has("invalid-params")) {
          return refused(body);
        }
        String detail = body != null && body.has("detail") ? body.get("detail").asText() : new String(response.body());
        if (status == 401 || status == 403) {
          throw new ImportFailedException("the node refused the API key (" + status + "): " + detail
              + "; pass --key or set PERSONA_API_KEY to a key with scope "
              + (path.endsWith("items") ? "items:write" : "events:write"));
        }
        if (status != 503 && status != 429) {
          throw new ImportFailedException("the node answered " + status + ": " + detail);
        }
        retryReason = status + ": " + detail;
        waitMillis = Math.max(backoffMillis, response.headers().firstValueAsLong("Retry-After").orElse(0) * 1000);
      } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
        retryReason = e.toString();
      } catch (IOException e) {
        if (e instanceof ImportFailedException) {
          throw e;
        }
        retryReason = e.toString();
      }
      if (attempt >= maxAttempts) {
        throw new ImportFailedException("gave up after " + attempt + " attempts: " + retryReason);
      }
      Thread.sleep(waitMillis);
      backoffMillis = Math.min(30_000, backoffMillis * 2);
    }
  }

  private static Recorded recorded(JsonNode body) {
    List<BodyProblem> problems = new ArrayList<>();
    for (JsonNode problem : body.path("problems")) {
      problems.add(new BodyProblem(problem.path("line").asLong(), problem.path("outcome").asText(),
          (problem.hasNonNull("eventId") ? "event " + problem.get("eventId").asText() + ": " : "")
              + withoutBodyLine(problem.path("reason").asText())));
    }
    return new Recorded(body.path("accepted").asLong(), body.path("duplicates").asLong(),
        body.path("rejected").asLong(), body.path("upserted").asLong(), body.path("skipped").asLong(), problems);
  }

  /**
   * A reason as the node words it names the line of the chunk's body ("line 2.timestamp must be
   * ..."); the command reports the file's line in front of it, so the body's is left out:
   * "timestamp must be ...".
   */
  static String withoutBodyLine(String reason) {
    Matcher m = BODY_LINE_PREFIX.matcher(reason);
    return m.lookingAt() ? reason.substring(m.end()) : reason;
  }

  private static Refused refused(JsonNode body) {
    List<BodyProblem> problems = new ArrayList<>();
    for (JsonNode param : body.get("invalid-params")) {
      Matcher m = LINE.matcher(param.path("name").asText());
      if (m.matches()) {
        String field = m.group(2);
        problems.add(new BodyProblem(Long.parseLong(m.group(1)), "refused",
            (field == null ? "" : field + " ") + param.path("reason").asText()));
      }
    }
    return new Refused(body.path("detail").asText(), problems);
  }

  private static JsonNode readOrNull(byte[] body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
