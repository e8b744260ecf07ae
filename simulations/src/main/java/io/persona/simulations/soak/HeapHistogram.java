package io.persona.simulations.soak;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The live heap by class, as {@code jcmd <pid> GC.class_histogram} prints it (a full GC first),
 * read in-process through the DiagnosticCommand MBean. Two of them, taken after warm-up and at the
 * end, say which classes a rising heap is made of: a leak shows as one kind of object piling up, a
 * growing per-user state as the state's own classes.
 */
record HeapHistogram(Map<String, long[]> byClass) {
  /** One class's growth between two histograms. */
  record Growth(String className, long instances, long bytes) {}

  static HeapHistogram take() {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      return parse((String) text);
    } catch (Exception e) {
      throw new IllegalStateException("the class histogram could not be taken", e);
    }
  }

  /** Lines like {@code    1:   12345   678900  java.lang.String (java.base@17)}; the rest is skipped. */
  static HeapHistogram parse(String text) {
    Map<String, long[]> byClass = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length < 4 || !parts[0].endsWith(":")) {
        continue;
      }
      try {
        byClass.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
      } catch (NumberFormatException e) {
        // a header or total line
      }
    }
    return new HeapHistogram(byClass);
  }

  long totalBytes() {
    return byClass.values().stream().mapToLong(v -> v[1]).sum();
  }

  /** The {@code top} classes that grew most in bytes from {@code earlier} to this one. */
  List<Growth> grownSince(HeapHistogram earlier, int top) {
    List<Growth> growth = new ArrayList<>();
    byClass.forEach((name, now) -> {
      long[] before = earlier.byClass.getOrDefault(name, new long[2]);
      growth.add(new Growth(name, now[0] - before[0], now[1] - before[1]));
    });
    growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
    return growth.subList(0, Math.min(top, growth.size()));
  }

  static List<Map<String, Object>> asRows(List<Growth> growth) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Growth g : growth) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", g.className());
      row.put("instances", g.instances());
      row.put("bytes", g.bytes());
      rows.add(row);
    }
    return rows;
  }
}
