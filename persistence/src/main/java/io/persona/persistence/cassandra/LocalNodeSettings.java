package io.persona.persistence.cassandra;

import com.typesafe.config.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Where and how the project's own Cassandra node runs ({@code persona.cassandra.local}).
 *
 * @param libDir      Cassandra's jars, resolved by Maven into persistence/cassandra-node/target/lib
 * @param dataDir     data, commit log, generated config and logs of the node
 * @param host        address the node listens on (loopback)
 * @param nativePort  CQL port
 * @param storagePort inter-node port (must differ between nodes on one machine)
 * @param heap        -Xms/-Xmx of the Cassandra JVM
 * @param startTimeout how long to wait for CQL to answer before giving up
 */
public record LocalNodeSettings(
    Path libDir, Path dataDir, String host, int nativePort, int storagePort, String heap, Duration startTimeout) {

  private static final Path LIB_IN_PROJECT = Paths.get("persistence", "cassandra-node", "target", "lib");

  public static LocalNodeSettings fromConfig(Config local) {
    return new LocalNodeSettings(
        resolveLibDir(local.getString("lib-dir")),
        Paths.get(local.getString("data-dir")).toAbsolutePath(),
        local.getString("host"),
        local.getInt("native-port"),
        local.getInt("storage-port"),
        local.getString("heap"),
        local.getDuration("start-timeout"));
  }

  /**
   * An explicit setting wins; else the system property the build passes to tests; else the
   * project's lib folder found from the working directory upwards (the run script, a module's
   * test JVM and the benchmark all start somewhere inside the project).
   */
  static Path resolveLibDir(String configured) {
    if (!configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath();
    }
    String fromBuild = System.getProperty("persona.cassandra.launcher.lib-dir", "");
    if (!fromBuild.isBlank()) {
      return Paths.get(fromBuild).toAbsolutePath();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(LIB_IN_PROJECT);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Paths.get("").toAbsolutePath().resolve(LIB_IN_PROJECT);
  }
}
