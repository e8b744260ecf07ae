package io.persona.gateway.http;

import io.persona.gateway.json.Json;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;

import java.time.Duration;

/** JSON responses: plain results as application/json, problems as application/problem+json. */
public final class Responses {
  static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  private Responses() {}

  public static HttpResponse json(int status, Object body) {
    return HttpResponse.create()
        .withStatus(StatusCodes.get(status))
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }

  public static HttpResponse problem(Problem problem) {
    return HttpResponse.create()
        .withStatus(StatusCodes.get(problem.status()))
        .withEntity(HttpEntities.create(PROBLEM_JSON, Json.bytes(problem)));
  }

  /** 503 with a Retry-After: the request may succeed later, unchanged. */
  public static HttpResponse unavailable(String title, String detail, Duration retryAfter) {
    return problem(Problem.of("unavailable", title, 503, detail))
        .addHeader(RetryAfter.create(Math.max(1, retryAfter.toSeconds())));
  }
}
