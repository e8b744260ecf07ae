package io.persona.gateway.http;

import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CORS for browser clients ({@code persona.http.cors.allowed-origins}, comma-separated; "*" for
 * any origin; empty, the default: no CORS headers at all, so browsers on other origins are refused
 * by the browser itself). A preflight from an allowed origin gets 204 with the methods and headers
 * the API uses; every other answer to an allowed origin names it. Credentials travel in the
 * Authorization header, never in cookies, so {@code Allow-Credentials} is never sent.
 */
public final class Cors extends AllDirectives {
  private static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";
  private static final String HEADERS = "Authorization, Content-Type";
  private static final String EXPOSED = "Retry-After, Location";
  private static final String MAX_AGE_SECONDS = "600";

  private final Set<String> origins;
  private final boolean anyOrigin;

  public Cors(String allowedOrigins) {
    this.origins = Arrays.stream(allowedOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    this.anyOrigin = origins.contains("*");
  }

  public Route wrap(Supplier<Route> inner) {
    if (origins.isEmpty()) {
      return inner.get();
    }
    return optionalHeaderValueByName("Origin", origin -> {
      if (origin.isEmpty() || !(anyOrigin || origins.contains(origin.get()))) {
        return inner.get();
      }
      List<HttpHeader> named = List.of(RawHeader.create("Access-Control-Allow-Origin", origin.get()),
          RawHeader.create("Vary", "Origin"));
      return concat(
          options(() -> headerValueByName("Access-Control-Request-Method", method ->
              complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeaders(named)
                  .addHeader(RawHeader.create("Access-Control-Allow-Methods", METHODS))
                  .addHeader(RawHeader.create("Access-Control-Allow-Headers", HEADERS))
                  .addHeader(RawHeader.create("Access-Control-Max-Age", MAX_AGE_SECONDS))))),
          respondWithHeaders(List.of(named.get(0), named.get(1),
              RawHeader.create("Access-Control-Expose-Headers", EXPOSED)), inner));
    });
  }
}
