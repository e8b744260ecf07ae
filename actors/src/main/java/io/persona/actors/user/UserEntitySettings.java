package io.persona.actors.user;

import com.typesafe.config.Config;
import io.persona.models.profile.ProfileSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The user entity's knobs ({@code persona.users}).
 *
 * @param activityHistory how much of the user's previous history each published activity carries
 *                        (co-visitation pairs a new item with the items just before it)
 * @param journalRetention which of a user's journaled events are kept
 */
public record UserEntitySettings(
    ProfileSettings profileSettings,
    int dedupWindow,
    int snapshotEvery,
    int keepSnapshots,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor,
    int activityHistory,
    JournalRetention journalRetention) {

  /**
   * {@code persona.users.journal-retention}: {@code keep-all} keeps every event of a user in the
   * journal (a later version can rebuild any state from them); {@code after-snapshots} deletes a
   * user's events once they are older than the oldest snapshot kept, so the journal holds at most
   * about {@code (keep-snapshots + 1) x snapshot-every} events per user and recovery starts from a
   * snapshot.
   */
  public enum JournalRetention {
    KEEP_ALL("keep-all"), AFTER_SNAPSHOTS("after-snapshots");

    private final String setting;

    JournalRetention(String setting) {
      this.setting = setting;
    }

    public String setting() {
      return setting;
    }

    public static JournalRetention parse(String value) {
      for (JournalRetention r : values()) {
        if (r.setting.equals(value)) {
          return r;
        }
      }
      throw new IllegalArgumentException("persona.users.journal-retention (PERSONA_USERS_JOURNAL_RETENTION) must be "
          + "keep-all or after-snapshots, was \"" + value + "\"");
    }
  }

  public static UserEntitySettings fromConfig(Config config) {
    Config users = config.getConfig("persona.users");
    Config profile = users.getConfig("profile");
    Map<String, Double> weights = new HashMap<>();
    profile.getConfig("weights").root().keySet()
        .forEach(type -> weights.put(type, profile.getDouble("weights." + type)));
    ProfileSettings profileSettings = new ProfileSettings(
        weights,
        profile.getDouble("default-weight"),
        profile.getDouble("rating-neutral"),
        profile.getDuration("half-life"),
        profile.getInt("history-size"),
        profile.getInt("max-item-affinities"),
        profile.getInt("max-category-affinities"),
        profile.getInt("max-own-event-types"));
    Config backoff = users.getConfig("persist-failure-backoff");
    return new UserEntitySettings(
        profileSettings,
        users.getInt("dedup-window"),
        users.getInt("snapshot-every"),
        users.getInt("keep-snapshots"),
        backoff.getDuration("min"),
        backoff.getDuration("max"),
        backoff.getDouble("random-factor"),
        users.getInt("activity-history"),
        JournalRetention.parse(users.getString("journal-retention")));
  }
}
