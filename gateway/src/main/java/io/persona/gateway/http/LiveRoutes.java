package io.persona.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.persona.actors.activity.LiveSubscriptions;
import io.persona.actors.recommend.Recommendation;
import io.persona.actors.recommend.RecommendationRequest;
import io.persona.actors.recommend.UserRecommendations;
import io.persona.gateway.json.Json;
import io.persona.gateway.json.RecommendationJson;
import io.persona.gateway.json.MalformedBodyException;
import io.persona.models.validation.FieldError;
import io.persona.streams.ingest.IngestOutcome;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * {@code WS /v1/users/{id}/live}: the user's current list on connect, then a new list after each
 * event of that user, from any producer on any node. Events arriving while a list is being
 * computed are coalesced into one more push (a one-slot trigger queue), so a burst never queues a
 * backlog of stale lists. Clients may send events (JSON, one object or an array) over the same
 * socket and get an acknowledgement per message. A closed socket unsubscribes and stops its
 * stream: nothing is left behind.
 */
public final class LiveRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

  /** The subprotocol a client may ask for; optional. */
  static final String PROTOCOL = "persona.v1";

  private final UserRecommendations recommendations;
  /** The trigger of the list a socket gets when it opens: answers no event, so it is not timed. */
  private static final long ON_CONNECT = Long.MIN_VALUE;
  private final LiveSubscriptions live;
  private final EventBatchIntake intake;
  private final int defaultK;
  private final int maxK;
  private final Set<String> attributeNames;
  private final Duration messageTimeout;
  private final LiveSettings limits;
  private final Duration retryAfter;
  private final Clock clock;
  private final Access access;

  public LiveRoutes(UserRecommendations recommendations, LiveSubscriptions live, EventBatchIntake intake,
                    int defaultK, int maxK, Set<String> attributeNames, Duration messageTimeout, LiveSettings limits,
                    Duration retryAfter, Access access, Clock clock) {
    this.access = access;
    this.recommendations = recommendations;
    this.live = live;
    this.intake = intake;
    this.defaultK = defaultK;
    this.maxK = maxK;
    this.attributeNames = attributeNames;
    this.messageTimeout = messageTimeout;
    this.limits = limits;
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  public Route route() {
    return path(PathMatchers.segment("users").slash(PathMatchers.segment()).slash("live"),
        userId -> get(() -> access.forUserSocket(userId, grant -> parameterMap(allParams -> {
          Map<String, String> params = new HashMap<>(allParams);
          params.remove(Access.TOKEN_PARAMETER); // a credential, read by Access
          RecommendationQuery query = RecommendationQuery.parse(params, defaultK, maxK, attributeNames,
              clock.instant());
          HttpResponse refused = query.refusal(userId, "Invalid live request");
          if (refused != null) {
            return complete(refused);
          }
          // checked before the handshake to answer in HTTP; decided for good when the socket subscribes
          if (live.listenersOf(userId) >= limits.maxSocketsPerUser()) {
            return complete(Responses.problem(Problem.of("too-many-sockets", "Too many live sockets", 429,
                "user " + userId + " already has " + limits.maxSocketsPerUser()
                    + " live sockets on this node; close one first")));
          }
          if (live.listeners() >= limits.maxSocketsPerNode()) {
            return complete(Responses.unavailable("Node full", "this node holds " + limits.maxSocketsPerNode()
                + " live sockets; retry later or on another node", retryAfter));
          }
          return extractOfferedWsProtocols(offered ->
              handleWebSocketMessagesForOptionalProtocol(session(userId, params, grant),
                  chosenProtocol(offered)));
        }))));
  }

  /**
   * A browser offering subprotocols fails the handshake unless the server picks one: "persona.v1"
   * when offered, else the offered {@code bearer.<token>} (the only way a browser can send a token
   * without putting it in the URL).
   */
  static Optional<String> chosenProtocol(List<String> offered) {
    if (offered.contains(PROTOCOL)) {
      return Optional.of(PROTOCOL);
    }
    return offered.stream().filter(p -> p.startsWith(Access.TOKEN_SUBPROTOCOL_PREFIX)).findFirst();
  }

  /** Everything per connection is created when the socket's stream starts, and undone when it ends. */
  private Flow<Message, Message, NotUsed> session(String userId, Map<String, String> params, Access.SocketGrant grant) {
    return Flow.<Message, Message, NotUsed>fromMaterializer((materializer, attributes) -> {
      // a trigger is when (System.nanoTime) this node heard that the user acted; while one waits,
      // later ones are dropped, so a coalesced push is timed from the first event it answers
      Pair<BoundedSourceQueue<Long>, Source<Long, NotUsed>> triggers =
          Source.<Long>queue(1).preMaterialize(materializer);
      BoundedSourceQueue<Long> queue = triggers.first();
      Optional<AutoCloseable> subscribed = live.subscribeWithin(userId, () -> queue.offer(System.nanoTime()),
          limits.maxSocketsPerUser(), limits.maxSocketsPerNode());
      if (subscribed.isEmpty()) { // opened at the same moment as others that took the last slots
        queue.complete();
        boolean nodeFull = live.listeners() >= limits.maxSocketsPerNode();
        return Flow.fromSinkAndSourceCoupled(Sink.<Message>ignore(), Source.single(nodeFull
            ? error(503, "node-full", "this node holds " + limits.maxSocketsPerNode() + " live sockets; reconnect later")
            : error(429, "too-many-sockets", "user " + userId + " already has " + limits.maxSocketsPerUser()
                + " live sockets on this node; close one first")));
      }
      AutoCloseable subscription = subscribed.get();
      queue.offer(ON_CONNECT); // the current list, right away
      Source<Message, NotUsed> pushes = triggers.second()
          .mapAsync(1, trigger -> push(userId, params, trigger));
      MessageRate rate = new MessageRate(limits.maxMessagesPerSecond());
      // the credential is checked again while the socket is open: a revoked key, an expired token or
      // one minted by a key since revoked closes it (keys are re-read every persona.auth.refresh-interval)
      Source<ClientReply, ?> credentialEnded = Source.tick(CREDENTIAL_CHECK_EVERY, CREDENTIAL_CHECK_EVERY, Boolean.TRUE)
          .map(tick -> grant.ended().get())
          .filter(Optional::isPresent)
          .map(reason -> new ClientReply(error(401, "credentials-ended", "This socket's credential is no longer "
              + "accepted (" + reason.get() + "); the socket closes. Reconnect with a valid one."), true));
      return Flow.<Message>create()
          .<ClientReply>mapAsync(1, message -> fromClient(userId, message, rate, grant.mayWriteEvents(), materializer))
          .merge(credentialEnded, true)
          // an oversized message closes the socket after its answer (the rest of it is never read)
          .takeWhile(reply -> !reply.closesSocket(), true)
          .map(ClientReply::message)
          .merge(pushes, true)
          .watchTermination((notUsed, done) -> {
            done.whenComplete((ok, failure) -> {
              try {
                subscription.close();
              } catch (Exception e) {
                log.warn("Could not unsubscribe a live socket of {}: {}", userId, e.toString());
              }
              queue.complete();
            });
            return notUsed;
          });
    }).mapMaterializedValue(future -> NotUsed.getInstance());
  }

  private CompletionStage<Message> push(String userId, Map<String, String> params, long triggeredNanos) {
    // The context (and "now") is taken afresh for every push.
    RecommendationQuery query = RecommendationQuery.parse(params, defaultK, maxK, attributeNames, clock.instant());
    RecommendationRequest request = new RecommendationRequest(UUID.randomUUID().toString(), userId, query.k(),
        query.context(), query.seen(), query.order(), query.filter(), null, query.explain());
    return recommendations.push(request).handle((recommendation, failure) -> {
      if (failure != null && !ServerFailures.passes(failure)) {
        return error(500, "internal-error", "The recommendations failed on a fault of the server, logged with "
            + "error id " + ServerFailures.logged(failure) + ".");
      }
      if (failure != null) {
        log.warn("Live recommendation {} for {} failed: {}", request.requestId(), userId, failure.toString());
        return error(503, "unavailable", "The recommendations could not be computed; the next event retries.");
      }
      if (triggeredNanos != ON_CONNECT) {
        LiveTelemetry.pushed(triggeredNanos);
      }
      return recommendations(recommendation);
    });
  }

  /** How often an open socket checks its credential again. */
  private static final Duration CREDENTIAL_CHECK_EVERY = Duration.ofSeconds(1);

  /** The answer to one client message, and whether the socket closes after it. */
  private record ClientReply(Message message, boolean closesSocket) {
    static ClientReply answer(Message message) {
      return new ClientReply(message, false);
    }
  }

  private CompletionStage<ClientReply> fromClient(String userId, Message message, MessageRate rate,
                                                  boolean mayWriteEvents, Materializer materializer) {
    long maxBytes = limits.maxMessageBytes();
    if (!message.isText()) {
      return message.asBinaryMessage().getStreamedData()
          .completionTimeout(messageTimeout)
          .limitWeighted(maxBytes, bytes -> (long) bytes.size())
          .runWith(Sink.ignore(), materializer)
          .handle((done, failure) -> failure == null
              ? ClientReply.answer(error(400, "binary-message", "Send events as JSON text messages."))
              : failed(userId, failure));
    }
    Source<String, ?> text = message.asTextMessage().getStreamedText()
        .completionTimeout(messageTimeout)
        .limitWeighted(maxBytes, LiveRoutes::utf8Length);
    if (!rate.tryAcquire(System.nanoTime())) {
      return text.runWith(Sink.ignore(), materializer)
          .handle((done, failure) -> failure == null
              ? ClientReply.answer(error(429, "too-many-messages", "A socket may send at most "
                  + limits.maxMessagesPerSecond() + " messages a second; this one was not recorded, resend it later."))
              : failed(userId, failure));
    }
    if (!mayWriteEvents) {
      return text.runWith(Sink.ignore(), materializer)
          .handle((done, failure) -> failure == null
              ? ClientReply.answer(error(403, "forbidden", "This socket was opened with a key without events:write: "
                  + "it receives lists but may not send events."))
              : failed(userId, failure));
    }
    return text.runFold(new StringBuilder(), StringBuilder::append, materializer)
        .thenCompose(whole -> events(userId, whole.toString()).thenApply(ClientReply::answer))
        .exceptionally(failure -> failed(userId, failure));
  }

  /** A message that could not be read or handled: too big closes the socket, the rest is answered. */
  private ClientReply failed(String userId, Throwable failure) {
    Throwable cause = rootCause(failure);
    if (cause instanceof StreamLimitReachedException) {
      return new ClientReply(error(413, "message-too-big", "A message may be at most " + limits.maxMessageBytes()
          + " bytes; this socket closes. Send large batches with POST /v1/events."), true);
    }
    if (cause instanceof TimeoutException) {
      return ClientReply.answer(error(408, "message-timeout",
          "A message must arrive whole within " + messageTimeout.toMillis() + " ms."));
    }
    if (ServerFailures.passes(failure)) {
      return ClientReply.answer(error(503, "unavailable", "The message could not be handled; resend it."));
    }
    String errorId = UUID.randomUUID().toString();
    log.error("A live message of {} failed on a fault of the server, error id {}", userId, errorId, failure);
    return ClientReply.answer(error(500, "internal-error",
        "The message failed on a fault of the server, logged with error id " + errorId));
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
    }
    return bytes;
  }

  private CompletionStage<Message> events(String userId, String text) {
    EventBatchIntake.Result result;
    try {
      result = intake.submit(text.getBytes(StandardCharsets.UTF_8), false, Optional.of(userId));
    } catch (MalformedBodyException e) {
      return done(error(400, "malformed-body", e.getMessage()));
    }
    if (result instanceof EventBatchIntake.TooMany) {
      return done(error(413, "too-many-events", "A message may carry at most " + intake.maxEvents() + " events"));
    }
    if (result instanceof EventBatchIntake.Invalid invalid) {
      return done(invalid(invalid.errors()));
    }
    return ((EventBatchIntake.Submitted) result).outcomes().thenApply(LiveRoutes::ack);
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static Message ack(List<IngestOutcome> outcomes) {
    ObjectNode ack = Json.MAPPER.createObjectNode().put("type", "ack");
    if (EventBatchIntake.unconfirmed(outcomes).isPresent()) { // worth resending, whatever else failed
      return error(503, "unavailable", "Some events could not be confirmed; resend the message: "
          + "events already recorded come back as duplicates." + EventBatchIntake.faultsBeside(outcomes));
    }
    Optional<Throwable> fault = EventBatchIntake.faulted(outcomes);
    if (fault.isPresent()) {
      return error(500, "internal-error", "The events failed on a fault of the server, logged with error id "
          + ServerFailures.logged(fault.get()) + "; sending them again unchanged will fail the same way.");
    }
    ack.set("results", Json.MAPPER.valueToTree(EventBatchIntake.statuses(outcomes)));
    return TextMessage.create(ack.toString());
  }

  private static Message recommendations(Recommendation recommendation) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("type", "recommendations");
    body.setAll((ObjectNode) Json.MAPPER.valueToTree(RecommendationJson.of(recommendation)));
    return TextMessage.create(body.toString());
  }

  private static Message invalid(List<FieldError> errors) {
    Problem problem = Problem.invalid("invalid-events", "Invalid events",
        errors.size() + " problem(s) in the message; nothing was recorded", errors);
    return TextMessage.create(Json.MAPPER.createObjectNode().put("type", "error")
        .set("problem", Json.MAPPER.valueToTree(problem)).toString());
  }

  private static Message error(int status, String slug, String detail) {
    Problem problem = Problem.of(slug, slug.replace('-', ' '), status, detail);
    return TextMessage.create(Json.MAPPER.createObjectNode().put("type", "error")
        .set("problem", Json.MAPPER.valueToTree(problem)).toString());
  }

  private static <T> CompletionStage<T> done(T message) {
    return CompletableFuture.completedFuture(message);
  }
}
