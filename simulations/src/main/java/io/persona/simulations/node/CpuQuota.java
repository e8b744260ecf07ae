package io.persona.simulations.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CPU quota for one node process: a cgroup v1 {@code cpu} group of its own whose
 * {@code cpu.cfs_quota_us} lets it use {@code cpus} cores' worth of time per period, so that nodes
 * on one machine behave like nodes on machines of their own size (issue 16: scale-out that means
 * something on one machine). The node is started inside the group (see {@link #wrap}), so the JVM
 * sizes its GC, JIT and thread pools for the quota from its first instruction, as in a container.
 * Needs write access to the cgroup v1 cpu hierarchy (root here); refuses loudly otherwise.
 */
public final class CpuQuota implements AutoCloseable {
  private static final Path HIERARCHY = Paths.get(System.getProperty("bench.cgroup-cpu", "/sys/fs/cgroup/cpu"));
  private static final long PERIOD_MICROS = 100_000;

  private final Path group;
  private final double cpus;

  private CpuQuota(Path group, double cpus) {
    this.group = group;
    this.cpus = cpus;
  }

  /** A group {@code persona-bench/<name>} limited to {@code cpus} cores (e.g. 0.5). */
  public static CpuQuota create(String name, double cpus) {
    if (!(cpus > 0)) {
      throw new IllegalArgumentException("a CPU quota must be positive, not " + cpus);
    }
    Path parent = HIERARCHY.resolve("persona-bench");
    Path group = parent.resolve(name);
    try {
      if (!Files.isRegularFile(HIERARCHY.resolve("cpu.cfs_quota_us"))) {
        throw new IllegalStateException(HIERARCHY + " is not a cgroup v1 cpu hierarchy (no cpu.cfs_quota_us)");
      }
      if (Files.isDirectory(group)) {
        Files.delete(group); // a group left by an earlier run: empty, its processes are gone
      }
      Files.createDirectories(group);
      Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
      Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cpus * PERIOD_MICROS)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot give node " + name + " a CPU quota of " + cpus + " cores under "
          + HIERARCHY + " (cgroup v1, needs root): " + e.getMessage()
          + "; run without bench.node-cpus to measure unconstrained nodes", e);
    }
    return new CpuQuota(group, cpus);
  }

  public double cpus() {
    return cpus;
  }

  /** {@code command} run inside this group: the shell joins it, then becomes the command (same pid). */
  List<String> wrap(List<String> command) {
    String join = "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"";
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", join, "node-in-cgroup"));
    wrapped.addAll(command);
    return wrapped;
  }

  /**
   * The group's {@code cpu.stat}: periods, how many of them the quota throttled, and the time
   * throttled (ns): proof that the quota, not something else, bounded the node.
   */
  public Map<String, Long> stat() {
    Map<String, Long> stat = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          stat.put(parts[0], Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      stat.put("unreadable", -1L);
    }
    return stat;
  }

  /** {@code after} minus {@code before}, counter by counter: what one phase of a run did. */
  public static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> difference = new LinkedHashMap<>();
    after.forEach((counter, value) -> difference.put(counter, value - before.getOrDefault(counter, 0L)));
    return difference;
  }

  /** Removes the group; its processes must have exited (a group with processes cannot be removed). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the CPU group " + group + " (a process still in it?)", e);
    }
  }

  @Override
  public String toString() {
    return cpus + " cores (" + group + ")";
  }
}
