package io.persona.tests.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How long the users whose requests failed after a fault took to be served again, read from the
 * load's own record: a user is affected if a request for it sent after {@code since} failed; it is
 * recovered when a request sent after its last failed one succeeded, at that answer's time.
 *
 * @param recoveredAfter affected user -> when (from {@code since}) its recovering request was sent and answered
 * @param neverRecovered affected users with no success after their last failure
 * @param lastFailedSent time from {@code since} to the sending of the last request that failed
 */
public record Recovery(Instant since, Map<String, Served> recoveredAfter, Set<String> neverRecovered,
    long failedRequests, Duration lastFailedSent) {

  /** The first request after a user's last failure that succeeded: sent and answered, from the fault on. */
  public record Served(Duration sent, Duration answered) {
    @Override
    public String toString() {
      return "sent +" + sent.toMillis() + " ms, answered +" + answered.toMillis() + " ms";
    }
  }

  public static Recovery of(List<LoadAttempt> attempts, Instant since) {
    Map<String, List<LoadAttempt>> byUser = new TreeMap<>();
    for (LoadAttempt attempt : attempts) {
      if (!attempt.sentAt().isBefore(since)) {
        byUser.computeIfAbsent(attempt.user(), u -> new ArrayList<>()).add(attempt);
      }
    }
    Map<String, Served> recovered = new TreeMap<>();
    Set<String> never = new TreeSet<>();
    long failed = 0;
    Instant lastFailedSent = since;
    for (Map.Entry<String, List<LoadAttempt>> user : byUser.entrySet()) {
      List<LoadAttempt> failures = user.getValue().stream().filter(a -> !a.ok()).toList();
      failed += failures.size();
      if (failures.isEmpty()) {
        continue;
      }
      Instant lastFailureSent = failures.stream().map(LoadAttempt::sentAt).max(Instant::compareTo).orElseThrow();
      if (lastFailureSent.isAfter(lastFailedSent)) {
        lastFailedSent = lastFailureSent;
      }
      user.getValue().stream()
          .filter(a -> a.ok() && a.sentAt().isAfter(lastFailureSent))
          .min((a, b) -> a.answeredAt().compareTo(b.answeredAt()))
          .ifPresentOrElse(ok -> recovered.put(user.getKey(), new Served(Duration.between(since, ok.sentAt()),
                  Duration.between(since, ok.answeredAt()))),
              () -> never.add(user.getKey()));
    }
    return new Recovery(since, recovered, never, failed, Duration.between(since, lastFailedSent));
  }

  public Set<String> affectedUsers() {
    Set<String> all = new TreeSet<>(recoveredAfter.keySet());
    all.addAll(neverRecovered);
    return all;
  }

  /** The slowest affected user's recovery; zero when no user was affected. */
  public Duration worst() {
    return recoveredAfter.values().stream().map(Served::answered).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  @Override
  public String toString() {
    return affectedUsers().size() + " users affected (" + failedRequests + " failed requests), all served again "
        + worst().toMillis() + " ms after the fault (the last failed request was sent after "
        + lastFailedSent.toMillis() + " ms)" + (neverRecovered.isEmpty() ? "" : "; never recovered: "
        + neverRecovered);
  }
}
