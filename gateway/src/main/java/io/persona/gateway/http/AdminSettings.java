package io.persona.gateway.http;

import com.typesafe.config.Config;

import java.time.Duration;

/** {@code persona.admin}: the operator key and how long the cluster view waits for shard counts. */
public record AdminSettings(String operatorKey, Duration shardingStatsTimeout) {

  public static AdminSettings fromConfig(Config config) {
    Config c = config.getConfig("persona.admin");
    return new AdminSettings(c.getString("operator-key"), c.getDuration("sharding-stats-timeout"));
  }

  @Override
  public String toString() {
    // never log the key itself
    return "AdminSettings[operatorKey=" + (operatorKey.isEmpty() ? "<none>" : "<set>")
        + ", shardingStatsTimeout=" + shardingStatsTimeout + "]";
  }
}
