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
 */
public record UserEntitySettings(
    ProfileSettings profileSettings,
    int dedupWindow,
    int snapshotEvery,
    int keepSnapshots,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor,
    int activityHistory) {

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
        profile.getInt("max-category-affinities"));
    Config backoff = users.getConfig("persist-failure-backoff");
    return new UserEntitySettings(
        profileSettings,
        users.getInt("dedup-window"),
        users.getInt("snapshot-every"),
        users.getInt("keep-snapshots"),
        backoff.getDuration("min"),
        backoff.getDuration("max"),
        backoff.getDouble("random-factor"),
        users.getInt("activity-history"));
  }
}
