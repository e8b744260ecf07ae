package io.persona.simulations.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a JVM's CPU went, from a JFR recording's execution samples: the share of samples by
 * component (a sample counts for every component anywhere on its stack, so shares overlap and a
 * caller's share includes its callees'), by thread group, and by the leaf method (self time).
 * Usage: {@code java -cp persona-simulations.jar io.persona.simulations.profile.JfrSummary rec.jfr [top]}.
 */
public final class JfrSummary {
  /** Components by class-name prefix; order only decides the printed order. */
  private static final List<String[]> COMPONENTS = List.of(
      new String[] {"user entity (event handlers, commands)", "io.persona.actors.user."},
      new String[] {"ingest path (gateway)", "io.persona.gateway.ingest."},
      new String[] {"recommend path", "io.persona.actors.recommend."},
      new String[] {"learning (streams)", "io.persona.streams."},
      new String[] {"models (features, history, ranking)", "io.persona.models."},
      new String[] {"catalog / retrieval", "io.persona.actors.catalog."},
      new String[] {"persistence (Persona's tables)", "io.persona.persistence."},
      new String[] {"Pekko Persistence Cassandra (journal)", "org.apache.pekko.persistence.cassandra."},
      new String[] {"Pekko Persistence (typed, core)", "org.apache.pekko.persistence."},
      new String[] {"Pekko Cluster Sharding", "org.apache.pekko.cluster.sharding."},
      new String[] {"Pekko HTTP", "org.apache.pekko.http."},
      new String[] {"Pekko Streams", "org.apache.pekko.stream."},
      new String[] {"Cassandra driver", "com.datastax.oss.driver."},
      new String[] {"Netty", "io.netty."},
      new String[] {"Kryo", "com.esotericsoftware."},
      new String[] {"Jackson", "com.fasterxml.jackson."},
      new String[] {"Kamon", "kamon."},
      new String[] {"Lucene", "org.apache.lucene."},
      new String[] {"DJL / PyTorch", "ai.djl."},
      new String[] {"JDK HTTP client (load generator)", "jdk.internal.net.http."},
      new String[] {"Cassandra: CQL / transport", "org.apache.cassandra.transport."},
      new String[] {"Cassandra: read path", "org.apache.cassandra.db.SinglePartitionReadCommand"},
      new String[] {"Cassandra: write path (mutations)", "org.apache.cassandra.db.Mutation"},
      new String[] {"Cassandra: commit log", "org.apache.cassandra.db.commitlog."},
      new String[] {"Cassandra: memtable", "org.apache.cassandra.db.memtable."},
      new String[] {"Cassandra: compaction", "org.apache.cassandra.db.compaction."},
      new String[] {"Cassandra: SSTable reads", "org.apache.cassandra.io.sstable."},
      new String[] {"Cassandra: CQL statements", "org.apache.cassandra.cql3."},
      new String[] {"Cassandra: batches", "org.apache.cassandra.cql3.statements.BatchStatement"});

  /** The same, the more specific prefixes first (a batch statement is also a CQL statement). */
  private static final List<String[]> INNERMOST_FIRST = COMPONENTS.stream()
      .sorted(Comparator.comparingInt((String[] c) -> c[1].length()).reversed())
      .toList();

  private JfrSummary() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrSummary <recording.jfr> [top methods, default 25]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> byComponent = new HashMap<>();
    Map<String, Integer> byInnermost = new HashMap<>();
    Map<String, Map<String, Integer>> innermostMethods = new HashMap<>();
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, Integer> byLeaf = new HashMap<>();
    Map<String, Integer> byPersonaMethod = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
      byThread.merge(threadGroup(thread), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      byLeaf.merge(name(frames.get(0)), 1, Integer::sum);
      String[] innermost = innermost(frames);
      byInnermost.merge(innermost[0], 1, Integer::sum);
      innermostMethods.computeIfAbsent(innermost[0], c -> new HashMap<>()).merge(innermost[1], 1, Integer::sum);
      Set<String> components = new HashSet<>();
      Set<String> personaMethods = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String type = frame.getMethod().getType().getName();
        for (String[] component : COMPONENTS) {
          if (type.startsWith(component[1])) {
            components.add(component[0]);
          }
        }
        if (type.startsWith("io.persona.")) {
          personaMethods.add(name(frame));
        }
      }
      components.forEach(c -> byComponent.merge(c, 1, Integer::sum));
      personaMethods.forEach(m -> byPersonaMethod.merge(m, 1, Integer::sum));
    }
    System.out.printf("%s: %,d execution samples%n", args[0], samples);
    print("innermost component (the nearest to the leaf; the JDK counts for its caller)", byInnermost, samples,
        COMPONENTS.size() + 1);
    int total = samples;
    byInnermost.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(6)
        .forEach(entry -> print("within \"" + entry.getKey() + "\": its innermost method",
            innermostMethods.get(entry.getKey()), total, 8));
    print("component (anywhere on the stack)", byComponent, samples, COMPONENTS.size());
    print("thread group", byThread, samples, 15);
    print("leaf method (self)", byLeaf, samples, top);
    print("Persona method (anywhere on the stack)", byPersonaMethod, samples, top);
  }

  /**
   * The component of the frame nearest to the leaf that belongs to one, and that frame's method;
   * "other" and the leaf where none does.
   */
  private static String[] innermost(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (String[] component : INNERMOST_FIRST) {
        if (type.startsWith(component[1])) {
          return new String[] {component[0], name(frame)};
        }
      }
    }
    return new String[] {"other (JDK, Scala, Pekko actors)", name(frames.get(0))};
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** Thread names without their numbers, so that a pool is one line. */
  private static String threadGroup(String thread) {
    return thread.replaceAll("[0-9]+", "#");
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int limit) {
    System.out.printf("%n-- %s --%n", title);
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
    for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
      System.out.printf("%5.1f %%  %s%n", 100.0 * entry.getValue() / samples, entry.getKey());
    }
  }
}
