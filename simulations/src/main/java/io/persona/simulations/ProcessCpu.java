package io.persona.simulations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time a process has used so far (user + system, from {@code /proc/<pid>/stat}), so that a
 * benchmark can say what each unit of work cost the Cassandra node and its own JVM: on a machine
 * they share, that splits the cost where throughput alone cannot.
 */
public final class ProcessCpu {
  /** Linux's USER_HZ: the unit of the stat file's times (100 on every common kernel build). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** The process running the local Cassandra node, if one runs on this machine. */
  public static Optional<Long> cassandraPid() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("org.apache.cassandra.service.CassandraDaemon")).orElse(false))
        .map(ProcessHandle::pid)
        .findFirst();
  }

  public static long selfPid() {
    return ProcessHandle.current().pid();
  }

  /** Seconds of CPU the process has used; NaN where it cannot be read (not Linux, gone). */
  public static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) is in parentheses and may hold spaces: count fields after it
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long userTicks = Long.parseLong(fields[11]); // field 14 of the whole line
      long systemTicks = Long.parseLong(fields[12]); // field 15
      return (userTicks + systemTicks) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
