package io.persona.gateway.http;

import io.persona.gateway.auth.Authenticator;
import io.persona.gateway.auth.Caller;
import io.persona.gateway.auth.KeyRates;
import io.persona.gateway.auth.Scope;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Who may call each route. Credentials come as {@code Authorization: Bearer <credential>}; a live
 * socket, which a browser opens without headers of its own, may instead carry an end-user token
 * (and only that: keys never travel in URLs) as the {@code access_token} query parameter or as a
 * {@code bearer.<token>} WebSocket subprotocol.
 * <ul>
 *   <li>No credential: 401 with a challenge. A credential that is not valid: 401.</li>
 *   <li>A valid credential without the route's scope, or an end-user token for another user or on
 *       another route: 403.</li>
 *   <li>A producer key, or an end-user token's user, over its rate: 429 with Retry-After.</li>
 * </ul>
 * With {@code persona.auth.enabled = false} the public API asks for nothing; the operator endpoints
 * always need the operator key or a key with the admin scope.
 */
public final class Access extends AllDirectives {
  private static final String SCHEME = "Bearer ";
  static final String TOKEN_PARAMETER = "access_token";
  static final String TOKEN_SUBPROTOCOL_PREFIX = "bearer.";
  private static final String USER_BUCKET_PREFIX = "user:";

  private final boolean enabled;
  private final Authenticator authenticator;
  private final KeyRates rates;
  private final int keyRequestsPerSecond;
  private final int userRequestsPerSecond;
  private final LongSupplier nanoTime;

  /**
   * @param keyRequestsPerSecond  each producer key's rate on this node, unless the key has its own
   * @param userRequestsPerSecond each end-user token user's rate on this node
   */
  public Access(boolean enabled, Authenticator authenticator, KeyRates rates, int keyRequestsPerSecond,
                int userRequestsPerSecond, LongSupplier nanoTime) {
    this.enabled = enabled;
    this.authenticator = authenticator;
    this.rates = rates;
    this.keyRequestsPerSecond = keyRequestsPerSecond;
    this.userRequestsPerSecond = userRequestsPerSecond;
    this.nanoTime = nanoTime;
  }

  /** The operator key or a producer key with {@code scope} (or admin). */
  public Route require(Scope scope, Supplier<Route> inner) {
    return requireAny(EnumSet.of(scope), inner);
  }

  /** The operator key or a producer key with any of {@code scopes} (or admin). */
  public Route requireAny(Set<Scope> scopes, Supplier<Route> inner) {
    return producerWith(scopes, false, inner);
  }

  /** The operator key or a producer key with every one of {@code scopes} (or admin). */
  public Route requireAll(Set<Scope> scopes, Supplier<Route> inner) {
    return producerWith(scopes, true, inner);
  }

  /**
   * As {@link #requireAll}; the inner route learns the id of the producer key presented (empty for
   * the operator key, or when access control is off).
   */
  public Route requireAllWithKey(Set<Scope> scopes, Function<Optional<String>, Route> inner) {
    if (!enabled) {
      return inner.apply(Optional.empty());
    }
    return withCaller(false, caller -> {
      if (caller instanceof Caller.EndUser) {
        return complete(forbidden("An end-user token is not enough",
            "this endpoint needs an API key with scope " + names(scopes, true)));
      }
      Optional<String> keyId = caller instanceof Caller.Producer producer ? Optional.of(producer.key().id())
          : Optional.empty();
      return authorized(caller, scopes, true, () -> inner.apply(keyId));
    });
  }

  private Route producerWith(Set<Scope> scopes, boolean all, Supplier<Route> inner) {
    if (!enabled) {
      return inner.get();
    }
    return withCaller(false, caller -> {
      if (caller instanceof Caller.EndUser) {
        return complete(forbidden("An end-user token is not enough",
            "end-user tokens are accepted only on that user's recommendations, rank, profile and live socket; "
                + "this endpoint needs an API key with scope " + names(scopes, all)));
      }
      return authorized(caller, scopes, all, inner);
    });
  }

  /** As {@link #require}, or an end-user token of {@code userId} itself. */
  public Route forUser(String userId, Scope scope, Supplier<Route> inner) {
    if (!enabled) {
      return inner.get();
    }
    return withCaller(false, caller -> ownUserOr(caller, userId, scope, inner));
  }

  /**
   * A user's live socket: needs {@code recommendations:read} or the user's own token; the inner
   * route learns whether the socket may also send events (events:write, the operator key, or the
   * user's own token).
   */
  public Route forUserSocket(String userId, Function<SocketGrant, Route> inner) {
    if (!enabled) {
      return inner.apply(new SocketGrant(true, Optional::empty));
    }
    return withCaller(true, (caller, presented) -> ownUserOr(caller, userId, Scope.RECOMMENDATIONS_READ,
        () -> inner.apply(new SocketGrant(!(caller instanceof Caller.Producer producer) || producer.has(Scope.EVENTS_WRITE),
            () -> stillValid(presented)))));
  }

  /**
   * What an open socket's credential allows.
   *
   * @param mayWriteEvents whether the socket may send events (events:write, the operator key, or the user's own token)
   * @param ended          asked while the socket is open: why its credential no longer holds (a key revoked,
   *                       a token expired or minted by a key since revoked), or empty while it does
   */
  public record SocketGrant(boolean mayWriteEvents, Supplier<Optional<String>> ended) {}

  /** Why {@code presented}, accepted once, is no longer accepted, or empty if it still is. */
  private Optional<String> stillValid(String presented) {
    Authenticator.Result result = authenticator.authenticate(presented);
    return result instanceof Authenticator.Result.Refused refused ? Optional.of(refused.reason()) : Optional.empty();
  }

  private Route ownUserOr(Caller caller, String userId, Scope scope, Supplier<Route> inner) {
    if (caller instanceof Caller.EndUser user) {
      if (!user.userId().equals(userId)) {
        return complete(forbidden("Token for another user",
            "this end-user token is for another user; it opens only its own user's data"));
      }
      return limited(USER_BUCKET_PREFIX + user.userId(), userRequestsPerSecond, "user " + user.userId(), inner);
    }
    return authorized(caller, EnumSet.of(scope), false, inner);
  }

  /** The operator endpoints: the operator key or a producer key with the admin scope, also when auth is off. */
  public Route operator(Supplier<Route> inner) {
    return operator("this endpoint", inner);
  }

  /**
   * As {@link #operator(Supplier)}, for {@code what}: an endpoint, or a request option only operators
   * may use (e.g. {@code preview=true}), named in the 401 or 403.
   */
  public Route operator(String what, Supplier<Route> inner) {
    return extractRequest(request -> {
      Optional<String> presented = bearer(request);
      if (presented.isEmpty()) {
        return complete(Responses.problem(Problem.of("unauthorized", "Operator key required", 401,
                what + " needs the header \"Authorization: Bearer <operator key>\" (or an API key with scope admin)"))
            .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"persona-operator\"")));
      }
      Authenticator.Result result = authenticator.authenticate(presented.get());
      if (result instanceof Authenticator.Result.Known known) {
        Caller caller = known.caller();
        if (caller instanceof Caller.Operator) {
          return inner.get();
        }
        if (caller instanceof Caller.Producer producer && producer.has(Scope.ADMIN)) {
          return limited(producer, inner);
        }
      }
      return complete(forbidden("Wrong operator key",
          what + " needs the cluster's operator key (persona.admin.operator-key, PERSONA_OPERATOR_KEY) "
              + "or an API key with scope admin"));
    });
  }

  private Route authorized(Caller caller, Set<Scope> scopes, boolean all, Supplier<Route> inner) {
    if (caller instanceof Caller.Operator) {
      return inner.get();
    }
    Caller.Producer producer = (Caller.Producer) caller;
    boolean granted = all ? scopes.stream().allMatch(producer::has) : scopes.stream().anyMatch(producer::has);
    if (!granted) {
      return complete(forbidden("Missing scope", "this endpoint needs an API key with scope " + names(scopes, all)
          + "; key " + producer.key().id() + " has " + String.join(", ", producer.key().scopes().stream().sorted().toList())));
    }
    return limited(producer, inner);
  }

  private Route limited(Caller.Producer producer, Supplier<Route> inner) {
    int perSecond = producer.key().requestsPerSecond() > 0 ? producer.key().requestsPerSecond() : keyRequestsPerSecond;
    return limited(producer.key().id(), perSecond, "API key " + producer.key().id(), inner);
  }

  private Route limited(String bucket, int perSecond, String who, Supplier<Route> inner) {
    Optional<Duration> wait = rates.tryAcquire(bucket, perSecond, nanoTime.getAsLong());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      return complete(Responses.problem(Problem.of("rate-limited", "Too many requests", 429,
              who + " may make " + perSecond + " requests a second on each node; retry after " + seconds + " s"))
          .addHeader(RetryAfter.create(seconds)));
    }
    return inner.get();
  }

  private Route withCaller(boolean socket, Function<Caller, Route> inner) {
    return withCaller(socket, (caller, presented) -> inner.apply(caller));
  }

  /** As above; the inner route also gets the credential as presented (a socket checks it again while open). */
  private Route withCaller(boolean socket, java.util.function.BiFunction<Caller, String, Route> inner) {
    return extractRequest(request -> {
      Optional<String> header = bearer(request);
      Optional<String> presented = header.or(() -> socket ? socketToken(request) : Optional.empty());
      if (presented.isEmpty()) {
        return complete(Responses.problem(Problem.of("unauthorized", "Credentials required", 401,
                "send \"Authorization: Bearer <API key or end-user token>\""))
            .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"persona\"")));
      }
      Authenticator.Result result = authenticator.authenticate(presented.get());
      if (result instanceof Authenticator.Result.Refused refused) {
        return complete(invalid(refused.reason()));
      }
      Caller caller = ((Authenticator.Result.Known) result).caller();
      if (header.isEmpty() && !(caller instanceof Caller.EndUser)) {
        // URLs end up in logs and browser histories: only a short-lived user token may travel there
        return complete(invalid("only an end-user token may be sent in the URL or as a subprotocol; "
            + "send keys in the Authorization header"));
      }
      return inner.apply(caller, presented.get());
    });
  }

  private static HttpResponse invalid(String reason) {
    return Responses.problem(Problem.of("invalid-credentials", "Credentials not accepted", 401, reason))
        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"persona\", error=\"invalid_token\""));
  }

  private static String names(Set<Scope> scopes, boolean all) {
    return String.join(all ? " and " : " or ", scopes.stream().map(Scope::wireName).toList());
  }

  private static HttpResponse forbidden(String title, String detail) {
    return Responses.problem(Problem.of("forbidden", title, 403, detail));
  }

  private static Optional<String> bearer(HttpRequest request) {
    return request.getHeader("Authorization")
        .map(header -> header.value())
        .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
        .map(value -> value.substring(SCHEME.length()).trim())
        .filter(value -> !value.isEmpty());
  }

  private static Optional<String> socketToken(HttpRequest request) {
    Optional<String> query = request.getUri().query().get(TOKEN_PARAMETER).filter(value -> !value.isEmpty());
    if (query.isPresent()) {
      return query;
    }
    return request.getHeader("Sec-WebSocket-Protocol")
        .flatMap(header -> Arrays.stream(header.value().split(","))
            .map(String::trim)
            .filter(protocol -> protocol.startsWith(TOKEN_SUBPROTOCOL_PREFIX))
            .map(protocol -> protocol.substring(TOKEN_SUBPROTOCOL_PREFIX.length()))
            .findFirst());
  }
}
