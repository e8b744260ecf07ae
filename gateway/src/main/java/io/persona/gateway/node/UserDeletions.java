package io.persona.gateway.node;

import com.typesafe.config.Config;
import io.persona.actors.user.UserEntity;
import io.persona.actors.user.Users;
import io.persona.gateway.http.UserDeletionRoutes;
import io.persona.persistence.privacy.UserErasure;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletion on request ({@code DELETE /v1/users/{id}}). A request is first recorded in
 * {@code user_deletions}, so it survives a crash. Then, on this node's one deletion thread, a first
 * pass: the user's entity is told to hold still (it persists nothing and answers no event), its
 * journal, snapshots and interaction log are deleted, the entity stops (the next event starts the
 * user afresh), and the hour-sharded logs are swept of the user's rows. A second sweep,
 * {@code second-sweep-after} later, removes what the learning join wrote from log rows it had read
 * just before the first, and interaction-log rows of events accepted just before the hold; then
 * the request's row goes. Requests waiting on a node together share one sweep.
 *
 * <p>The node that took a request runs it. A request nobody finished within {@code stale-after}
 * (its node stopped) is taken over by any node; so that a slow pass is not repeated meanwhile (a
 * repeat after the entity restarted would delete events accepted after the deletion),
 * {@code stale-after} is far longer than a pass. Every step is conditional on the request's time,
 * so a request repeated during a pass is a new one and is never marked done by the old pass.
 *
 * <p>Not removed: what no longer names the user. Co-visitation counts, popularity, trending and the
 * trained models hold sums over many users; they fade with their half-lives. The trainer's
 * in-memory window of recent examples may still hold some of the user's rows until newer ones push
 * them out. The audit log names a user by an HMAC of the id under a cluster secret.
 */
final class UserDeletions implements UserDeletionRoutes.Deletions, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserDeletions.class);
  private static final Logger audit = LoggerFactory.getLogger("io.persona.audit");
  private static final Duration ASK = Duration.ofSeconds(10);
  static final String AUDIT_SECRET_NAME = "audit-pseudonyms-hmac-sha256";

  /**
   * {@code persona.deletions}.
   *
   * @param hold             how long an entity holds still; a first pass that takes longer is retried
   * @param secondSweepAfter how long after the first pass the logs are swept again
   * @param resumeInterval   how often a node looks for due second sweeps and abandoned requests
   * @param staleAfter       a request not finished after this was abandoned by its node
   */
  record Settings(Duration hold, Duration secondSweepAfter, Duration resumeInterval, Duration staleAfter) {
    static Settings fromConfig(Config config) {
      Config c = config.getConfig("persona.deletions");
      return new Settings(c.getDuration("hold"), c.getDuration("second-sweep-after"),
          c.getDuration("resume-interval"), c.getDuration("stale-after"));
    }
  }

  private final Users users;
  private final UserErasure erasure;
  private final Executor blocking;
  private final Settings settings;
  private final Clock clock;
  private final SecretKeySpec auditKey;
  /** One deletion thread: a sweep reads every log partition, so two never run side by side. */
  private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "persona-user-deletions");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean runQueued = new AtomicBoolean();
  /** Requests this node took (user id → request time), waiting for their first pass here. */
  private final Map<String, Instant> takenHere = new ConcurrentHashMap<>();
  /** Requests whose first pass ran here, waiting for their second sweep here. */
  private final Map<String, Instant> sweptHere = new ConcurrentHashMap<>();
  private final Cancellable resume;

  UserDeletions(ActorSystem<?> system, Users users, UserErasure erasure, byte[] auditSecret, Executor blocking,
                Settings settings, Clock clock) {
    this.users = users;
    this.erasure = erasure;
    this.blocking = blocking;
    this.settings = settings;
    this.clock = clock;
    this.auditKey = new SecretKeySpec(auditSecret.clone(), "HmacSHA256");
    this.resume = system.scheduler().scheduleWithFixedDelay(settings.resumeInterval(), settings.resumeInterval(),
        this::queueRun, system.executionContext());
  }

  /** Records the request (durably, before answering) and starts it; completes once recorded. */
  @Override
  public CompletionStage<Instant> request(String userId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // as Cassandra keeps it: compared with it later
    return CompletableFuture.supplyAsync(() -> {
      erasure.markPending(userId, now);
      takenHere.put(userId, now);
      sweptHere.remove(userId);
      audit.info("Deletion of user {} requested", pseudonym(userId));
      return now;
    }, blocking).whenComplete((recorded, failure) -> {
      if (failure == null) {
        queueRun();
      }
    });
  }

  @Override
  public CompletionStage<List<UserErasure.Pending>> pending() {
    return CompletableFuture.supplyAsync(erasure::pending, blocking);
  }

  /** At most one run waits behind the one running: it will see every request recorded until it starts. */
  private void queueRun() {
    if (runQueued.compareAndSet(false, true)) {
      try {
        worker.execute(() -> {
          runQueued.set(false);
          runDue();
        });
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        runQueued.set(false);
      }
    }
  }

  private void runDue() {
    List<UserErasure.Pending> pending;
    try {
      pending = erasure.pending();
    } catch (RuntimeException e) {
      log.warn("Cannot read the deletions to run now ({}); retrying at the next resume", e.toString());
      return;
    }
    Instant now = clock.instant();
    Instant staleBefore = now.minus(settings.staleAfter());
    List<UserErasure.Pending> firstPasses = new ArrayList<>();
    List<UserErasure.Pending> secondSweeps = new ArrayList<>();
    for (UserErasure.Pending request : pending) {
      if (request.sweptAt() == null) {
        boolean mine = request.requestedAt() != null && request.requestedAt().equals(takenHere.get(request.userId()));
        if (mine || request.requestedAt() == null || request.requestedAt().isBefore(staleBefore)) {
          firstPasses.add(request);
        }
      } else if (request.sweptAt().isBefore(now.minus(settings.secondSweepAfter()))) {
        boolean mine = request.sweptAt().equals(sweptHere.get(request.userId()));
        if (mine || request.sweptAt().isBefore(staleBefore.minus(settings.secondSweepAfter()))) {
          secondSweeps.add(request);
        }
      }
    }
    try {
      if (!firstPasses.isEmpty()) {
        firstPasses(firstPasses);
      }
      if (!secondSweeps.isEmpty()) {
        secondSweeps(secondSweeps);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the rows of user_deletions stay: the next resume tries again
      log.warn("A deletion sweep failed and will be retried: {}", e.toString());
    }
  }

  private void firstPasses(List<UserErasure.Pending> requests) throws InterruptedException {
    List<UserErasure.Pending> erased = new ArrayList<>();
    for (UserErasure.Pending request : requests) {
      String userId = request.userId();
      try {
        users.holdForDeletion(userId, clock.instant().plus(settings.hold()), ASK).toCompletableFuture()
            .orTimeout(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS).join();
        erasure.eraseJournal(UserEntity.persistenceId(userId).id());
        erasure.eraseInteractions(userId);
        users.deleted(userId, ASK).toCompletableFuture().orTimeout(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS).join();
        erased.add(request);
      } catch (RuntimeException e) {
        // one user's failure must not hold up the others; this one is retried at the next resume
        log.warn("The deletion of user {} failed and will be retried: {}", pseudonym(userId), e.toString());
      }
    }
    if (erased.isEmpty()) {
      return;
    }
    Set<String> ids = new LinkedHashSet<>();
    erased.forEach(request -> ids.add(request.userId()));
    long rows = erasure.sweepTimeLogs(ids, clock.instant());
    Instant swept = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (UserErasure.Pending request : erased) {
      takenHere.remove(request.userId(), request.requestedAt());
      if (erasure.markSwept(request, swept)) {
        sweptHere.put(request.userId(), swept);
      }
    }
    log.info("Deleted the journal, snapshots and interaction log of {} user(s) and {} log rows; a second sweep "
        + "follows in {}", erased.size(), rows, settings.secondSweepAfter());
  }

  private void secondSweeps(List<UserErasure.Pending> requests) throws InterruptedException {
    Set<String> ids = new LinkedHashSet<>();
    requests.forEach(request -> ids.add(request.userId()));
    long rows = erasure.sweepTimeLogs(ids, clock.instant());
    for (UserErasure.Pending request : requests) {
      // events accepted just before the hold may have reached the interaction log after the first pass
      erasure.eraseInteractions(request.userId());
      sweptHere.remove(request.userId(), request.sweptAt());
      if (erasure.clearPending(request)) {
        audit.info("Deletion of user {} finished", pseudonym(request.userId()));
      }
    }
    log.info("Finished {} deletion(s); the second sweep removed {} log rows", requests.size(), rows);
  }

  /** A stable pseudonym for the audit log: an HMAC of the id under a cluster secret, so ids cannot be guessed back. */
  String pseudonym(String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(auditKey);
      return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  @Override
  public void close() {
    resume.cancel();
    worker.shutdownNow();
  }
}
