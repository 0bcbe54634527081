package io.sluice.bench.pravega;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process's threads by group, from {@code /proc/<pid>/task/<tid>/stat} (10 ms ticks):
 * the JIT's C2 and C1 compiler threads, GC and the VM thread, the storage engine's log writer and
 * flusher (which also writes checkpoints), the streams face's segment-store event loops, virtual
 * threads' carriers, and everything else. A thread is grouped by its name as the kernel keeps it
 * (the first 15 characters). Threads that ended between two snapshots are missing from the later
 * one, so a group can lose time; the process total from {@code /proc/<pid>/stat} does not.
 * Stateless.
 */
final class ThreadCpu {
  /** The groups in report order. */
  static final List<String> GROUPS =
      List.of(
          "C2", "C1", "GC+VM", "face loops", "log writer", "flusher", "carriers", "grpc", "other");

  private ThreadCpu() {}

  /** Nanoseconds of CPU each group of {@code pid}'s live threads has used so far. */
  static Map<String, Long> snapshot(long pid) {
    Map<String, Long> byGroup = new LinkedHashMap<>();
    GROUPS.forEach(g -> byGroup.put(g, 0L));
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        byGroup.merge(group(name), ticks * 10_000_000L, Long::sum);
      }
    } catch (IOException e) {
      // the process ended: an empty snapshot
    }
    return byGroup;
  }

  /** The group of a thread named {@code name} (as {@code /proc} shows it, cut to 15 chars). */
  static String group(String name) {
    if (name.startsWith("C2 Compiler")) {
      return "C2";
    }
    if (name.startsWith("C1 Compiler")) {
      return "C1";
    }
    if (name.startsWith("GC ")
        || name.startsWith("G1 ")
        || name.startsWith("VM Thread")
        || name.startsWith("VM Periodic")) {
      return "GC+VM";
    }
    if (name.startsWith("streams-ss")) {
      return "face loops";
    }
    if (name.startsWith("sluice-log-writ")) {
      return "log writer";
    }
    if (name.startsWith("sluice-flusher")) {
      return "flusher";
    }
    if (name.startsWith("ForkJoinPool")) {
      return "carriers";
    }
    if (name.startsWith("grpc")) {
      return "grpc";
    }
    return "other";
  }

  /** {@code after - before} per group, in microseconds per event. */
  static Map<String, Double> perEvent(Map<String, Long> before, Map<String, Long> after, long n) {
    Map<String, Double> us = new LinkedHashMap<>();
    for (String g : GROUPS) {
      long d = after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L);
      us.put(g, Math.max(0, d) / 1e3 / n);
    }
    return us;
  }

  /** One line: each group's figure and their sum, in {@code fmt}. */
  static String format(Map<String, Double> figures, String fmt) {
    StringBuilder b = new StringBuilder();
    double sum = 0;
    for (Map.Entry<String, Double> e : figures.entrySet()) {
      b.append(e.getKey())
          .append(' ')
          .append(String.format(java.util.Locale.ROOT, fmt, e.getValue()))
          .append(", ");
      sum += e.getValue();
    }
    return b.append("sum ").append(String.format(java.util.Locale.ROOT, fmt, sum)).toString();
  }
}
