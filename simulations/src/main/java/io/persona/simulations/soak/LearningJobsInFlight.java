package io.persona.simulations.soak;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the learning loop's jobs are running in this JVM right now, read from the threads'
 * stacks: a heap reading taken while one runs holds its working set (up to hundreds of MB), which is
 * not memory the node retains. The soak records them beside each reading, so that the retained
 * heap's slope can be read over the minutes no job was caught in.
 */
final class LearningJobsInFlight {
  private static final String PACKAGE = "io.persona.streams.learning.";
  /** The jobs that hold a working set while they run (the example join, every 2 s, holds little). */
  private static final Set<String> JOBS = Set.of("HistoryTrainer", "EmbeddingRetrainer", "ChallengerTrainer",
      "HistoryRankerTraining");

  private LearningJobsInFlight() {}

  /** The simple names of the jobs some thread is inside now, sorted; empty when none runs. */
  static Set<String> now() {
    Set<String> running = new TreeSet<>();
    for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      for (StackTraceElement frame : thread.getStackTrace()) {
        String name = frame.getClassName();
        if (name.startsWith(PACKAGE)) {
          String simple = name.substring(PACKAGE.length());
          int nested = simple.indexOf('$');
          String outer = nested < 0 ? simple : simple.substring(0, nested);
          if (JOBS.contains(outer)) {
            running.add(outer);
          }
        }
      }
    }
    return running;
  }
}
