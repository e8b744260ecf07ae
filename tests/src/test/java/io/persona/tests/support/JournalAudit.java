package io.persona.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every acknowledged event checked against the journal, and the journal against the profiles the
 * nodes recovered from it: an acknowledged id missing from the journal is lost, an id in two rows
 * is doubled, and a user's profile must count exactly its journal rows ({@code totalEvents}).
 *
 * @param lost               acknowledged event ids not in the journal
 * @param doubled            event ids in more than one journal row
 * @param profileMismatches  "user: profile N, journal M" for each profile that disagrees
 */
public record JournalAudit(int users, long acknowledged, long journalRows, List<String> lost, List<String> doubled,
    List<String> profileMismatches) {

  /**
   * {@code settle}: how long a user's profile may take to agree with the journal (a request that
   * timed out may still persist after the load stopped; an entity of a dead node recovers on first use).
   */
  public static JournalAudit of(Collection<String> users, Map<String, Set<String>> acknowledged, JournalReader journal,
      HttpJson node, Duration settle) {
    long deadline = System.nanoTime() + settle.toNanos();
    long acked = 0;
    long rows = 0;
    List<String> lost = new ArrayList<>();
    List<String> doubled = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (String user : users) {
      Set<String> ackedIds = acknowledged.getOrDefault(user, Set.of());
      acked += ackedIds.size();
      List<JournalReader.Entry> entries;
      String mismatch;
      do {
        entries = journal.entries(user);
        mismatch = profileMismatch(node, user, entries.size());
        if (mismatch != null) {
          Sleep.millis(500);
        }
      } while (mismatch != null && System.nanoTime() < deadline);
      if (mismatch != null) {
        mismatches.add(mismatch);
      }
      rows += entries.size();
      Set<String> ids = new HashSet<>();
      for (JournalReader.Entry entry : entries) {
        if (!ids.add(entry.eventId())) {
          doubled.add(user + "/" + entry.eventId());
        }
      }
      ackedIds.stream().filter(id -> !ids.contains(id)).sorted().forEach(id -> lost.add(user + "/" + id));
    }
    return new JournalAudit(users.size(), acked, rows, lost, doubled, mismatches);
  }

  /** Null when GET /v1/users/{id} counts {@code rows} events (404 for a user without any). */
  private static String profileMismatch(HttpJson node, String user, int rows) {
    HttpJson.Reply reply = node.get("/v1/users/" + user);
    if (rows == 0 && reply.status() == 404) {
      return null;
    }
    if (reply.status() != 200) {
      return user + ": profile answered " + reply.status() + ", journal " + rows;
    }
    long total = reply.json().path("totalEvents").asLong();
    return total == rows ? null : user + ": profile " + total + ", journal " + rows;
  }

  @Override
  public String toString() {
    return users + " users: " + acknowledged + " events acknowledged, " + journalRows + " journal rows, "
        + lost.size() + " lost, " + doubled.size() + " doubled, " + profileMismatches.size()
        + " profiles disagreeing with the journal"
        + (lost.isEmpty() ? "" : "; lost " + lost.subList(0, Math.min(20, lost.size())))
        + (doubled.isEmpty() ? "" : "; doubled " + doubled.subList(0, Math.min(20, doubled.size())))
        + (profileMismatches.isEmpty() ? "" : "; " + profileMismatches.subList(0, Math.min(20, profileMismatches.size())));
  }
}
