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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Deletion on request ({@code DELETE /v1/users/{id}}). A request is first recorded in
 * {@code user_deletions}, so it survives a crash; then, in the background, a first pass: the user's
 * entity is told to hold still (it persists nothing and answers no event), its journal, snapshots
 * and interaction log are deleted, the entity stops (the next event starts the user afresh), and
 * the hour-sharded logs are swept of the user's rows. A second sweep, {@code second-sweep-after}
 * later, removes what the learning join wrote from log rows it had read just before the first;
 * then the request's row goes. Requests waiting together share one sweep. Any node finishes a
 * request that a stopped node left half-way. The audit log names a user by a hash, never by the
 * id the deletion removed.
 *
 * <p>Not removed: what no longer names the user. Co-visitation counts, popularity, trending and the
 * trained models hold sums over many users; they fade with their half-lives and the next retraining
 * no longer sees the user's interactions.
 */
final class UserDeletions implements UserDeletionRoutes.Deletions, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserDeletions.class);
  private static final Logger audit = LoggerFactory.getLogger("io.persona.audit");
  private static final Duration ASK = Duration.ofSeconds(10);

  /**
   * {@code persona.deletions}.
   *
   * @param hold              how long an entity holds still; a first pass that takes longer is retried
   * @param secondSweepAfter  how long after the first pass the logs are swept again
   * @param resumeInterval    how often a node looks for requests to resume or to finish
   */
  record Settings(Duration hold, Duration secondSweepAfter, Duration resumeInterval) {
    static Settings fromConfig(Config config) {
      Config c = config.getConfig("persona.deletions");
      return new Settings(c.getDuration("hold"), c.getDuration("second-sweep-after"), c.getDuration("resume-interval"));
    }
  }

  private final Users users;
  private final UserErasure erasure;
  private final Executor blocking;
  private final Settings settings;
  private final Clock clock;
  private final Cancellable resume;

  UserDeletions(ActorSystem<?> system, Users users, UserErasure erasure, Executor blocking, Settings settings,
                Clock clock) {
    this.users = users;
    this.erasure = erasure;
    this.blocking = blocking;
    this.settings = settings;
    this.clock = clock;
    this.resume = system.scheduler().scheduleWithFixedDelay(settings.resumeInterval(), settings.resumeInterval(),
        () -> CompletableFuture.runAsync(this::resume, blocking), system.executionContext());
  }

  /** Records the request (durably, before answering) and starts it; completes once recorded. */
  @Override
  public CompletionStage<Instant> request(String userId) {
    Instant now = clock.instant();
    return CompletableFuture.supplyAsync(() -> {
      erasure.markPending(userId, now);
      audit.info("Deletion of user {} requested", fingerprint(userId));
      return now;
    }, blocking).whenComplete((recorded, failure) -> {
      if (failure == null) {
        CompletableFuture.runAsync(() -> firstPasses(false), blocking);
      }
    });
  }

  @Override
  public CompletionStage<List<UserErasure.Pending>> pending() {
    return CompletableFuture.supplyAsync(erasure::pending, blocking);
  }

  /** Requests left half-way by a node that stopped, and second sweeps that are due. */
  private void resume() {
    firstPasses(true);
    secondSweeps();
  }

  /**
   * The first pass of every request waiting for one, together: requests that arrive while a sweep
   * runs wait for it and then share the next, so the logs are read once per batch, not per user.
   *
   * @param staleOnly only requests older than the resume interval (another node may be running the rest)
   */
  private synchronized void firstPasses(boolean staleOnly) {
    Instant staleBefore = clock.instant().minus(settings.resumeInterval());
    try {
      List<String> waiting = erasure.pending().stream()
          .filter(p -> p.sweptAt() == null)
          .filter(p -> !staleOnly || p.requestedAt() == null || p.requestedAt().isBefore(staleBefore))
          .map(UserErasure.Pending::userId)
          .toList();
      if (waiting.isEmpty()) {
        return;
      }
      Set<String> erased = new LinkedHashSet<>();
      for (String userId : waiting) {
        users.holdForDeletion(userId, clock.instant().plus(settings.hold()), ASK).toCompletableFuture()
            .orTimeout(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS).join();
        erasure.eraseJournal(UserEntity.persistenceId(userId).id());
        erasure.eraseInteractions(userId);
        users.deleted(userId, ASK).toCompletableFuture().orTimeout(ASK.toMillis() + 1000, TimeUnit.MILLISECONDS).join();
        erased.add(userId);
      }
      long rows = erasure.sweepTimeLogs(erased, clock.instant());
      Instant swept = clock.instant();
      erased.forEach(userId -> erasure.markSwept(userId, swept));
      log.info("Deleted the journal, snapshots and interaction log of {} user(s) and {} log rows; a second sweep "
          + "follows in {}", erased.size(), rows, settings.secondSweepAfter());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the rows of user_deletions stay: the periodic resume tries again
      log.warn("A deletion failed and will be retried: {}", e.toString());
    }
  }

  private synchronized void secondSweeps() {
    Instant dueBefore = clock.instant().minus(settings.secondSweepAfter());
    try {
      List<String> due = erasure.pending().stream()
          .filter(p -> p.sweptAt() != null && p.sweptAt().isBefore(dueBefore))
          .map(UserErasure.Pending::userId)
          .toList();
      if (due.isEmpty()) {
        return;
      }
      long rows = erasure.sweepTimeLogs(Set.copyOf(due), clock.instant());
      for (String userId : due) {
        erasure.clearPending(userId);
        audit.info("Deletion of user {} finished", fingerprint(userId));
      }
      log.info("Finished {} deletion(s); the second sweep removed {} log rows", due.size(), rows);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("A second sweep failed and will be retried: {}", e.toString());
    }
  }

  /** A stable pseudonym for the audit log: the first 16 hex digits of SHA-256 of the id. */
  static String fingerprint(String userId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void close() {
    resume.cancel();
  }
}
