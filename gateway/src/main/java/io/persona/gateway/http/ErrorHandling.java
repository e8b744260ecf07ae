package io.persona.gateway.http;

import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Every answer the routes do not produce themselves (unknown path, wrong method, an unexpected
 * exception) still leaves as a problem+json body: rejections keep Pekko's status and wording,
 * exceptions are answered by {@link ServerFailures}: 503 with Retry-After when they pass, else a
 * 500 whose error id leads to the stack trace in the log.
 */
public final class ErrorHandling {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  public static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(ErrorHandling::asProblem);
  }

  public static ExceptionHandler exceptions(Duration retryAfter) {
    return ExceptionHandler.newBuilder()
        .matchAny(e -> {
          if (ServerFailures.passes(e)) {
            log.warn("Request failed for now: {}", e.toString());
          }
          return org.apache.pekko.http.javadsl.server.Directives.complete(ServerFailures.answer(e,
              "Temporarily unavailable", "The request could not be completed; retry later.", retryAfter));
        })
        .build();
  }

  private static HttpResponse asProblem(HttpResponse response) {
    if (response.entity().getContentType().mediaType().toString().startsWith("application/problem+json")) {
      return response;
    }
    String detail = response.entity() instanceof HttpEntity.Strict strict
        ? strict.getData().utf8String()
        : response.status().reason();
    int status = response.status().intValue();
    Problem problem = Problem.of(slug(status), response.status().reason(), status, detail);
    return Responses.problem(problem).withHeaders(response.getHeaders());
  }

  private static String slug(int status) {
    return switch (status) {
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 500 -> "internal-error";
      default -> status >= 500 ? "unavailable" : "bad-request";
    };
  }
}
