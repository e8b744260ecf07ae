package io.persona.gateway.http;

import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Guards the operator endpoints with {@code Authorization: Bearer <persona.admin.operator-key>}:
 * no key is a 401 (with a challenge), a wrong key a 403. A node without a configured key refuses
 * every request with a 403 rather than opening the endpoints.
 */
public final class OperatorKey extends AllDirectives {
  private static final String SCHEME = "Bearer ";

  private final byte[] key;

  public OperatorKey(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  public Route require(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      Optional<String> presented = header
          .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
          .map(value -> value.substring(SCHEME.length()).trim());
      if (presented.isEmpty()) {
        return complete(Responses.problem(Problem.of("unauthorized", "Operator key required", 401,
                "this endpoint needs the header \"Authorization: Bearer <operator key>\""))
            .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"persona-operator\"")));
      }
      if (key.length == 0) {
        return complete(Responses.problem(Problem.of("forbidden", "No operator key configured", 403,
            "this node has no operator key (persona.admin.operator-key, PERSONA_OPERATOR_KEY), so it accepts none")));
      }
      // constant time: the comparison must not tell how much of a guessed key was right
      if (!MessageDigest.isEqual(key, presented.get().getBytes(StandardCharsets.UTF_8))) {
        return complete(Responses.problem(Problem.of("forbidden", "Wrong operator key", 403,
            "the operator key in the Authorization header is not this cluster's")));
      }
      return inner.get();
    });
  }
}
