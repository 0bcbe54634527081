package io.sluice.bench.sessions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this process during a measured window, in total and by thread group (the
 * sessions face's loop, the client's event loop, the storage log writer, the carriers of the
 * virtual threads that play the clients, everything else), so a benchmark can report microseconds
 * of CPU per operation next to its rate. CPU per operation moves far less than a rate when the
 * machine is shared: it says where the time goes even when other work steals the cores. Not
 * thread-safe.
 */
final class CpuUse {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processStart;
  private final Map<Long, Long> threadStart;

  private CpuUse(long processStart, Map<Long, Long> threadStart) {
    this.processStart = processStart;
    this.threadStart = threadStart;
  }

  /** Starts a window now. */
  static CpuUse start() {
    return new CpuUse(processCpuNanos(), threadCpu());
  }

  /**
   * Microseconds of CPU per operation since {@link #start()}: "all" for the process, then by thread
   * group (only groups that used any CPU).
   */
  Map<String, Double> microsPerOp(long ops) {
    long process = processCpuNanos() - processStart;
    Map<String, Long> byGroup = new LinkedHashMap<>();
    for (String g : new String[] {"node-loop", "client-loop", "log-writer", "carriers", "other"}) {
      byGroup.put(g, 0L);
    }
    Map<Long, Long> now = threadCpu();
    for (ThreadInfo t : THREADS.getThreadInfo(now.keySet().stream().mapToLong(x -> x).toArray())) {
      if (t == null) {
        continue;
      }
      long used = now.get(t.getThreadId()) - threadStart.getOrDefault(t.getThreadId(), 0L);
      byGroup.merge(group(t.getThreadName()), used, Long::sum);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    if (ops <= 0) {
      return out;
    }
    out.put("all", process / 1e3 / ops);
    byGroup.forEach(
        (g, nanos) -> {
          if (nanos > 0) {
            out.put(g, nanos / 1e3 / ops);
          }
        });
    return out;
  }

  private static String group(String name) {
    if (name.startsWith("sluice-sessions-loop")) {
      return "node-loop";
    }
    if (name.startsWith("sluice-sessions-client")) {
      return "client-loop";
    }
    if (name.startsWith("sluice-log-writer")) {
      return "log-writer";
    }
    if (name.startsWith("ForkJoinPool")) {
      return "carriers";
    }
    return "other";
  }

  private static Map<Long, Long> threadCpu() {
    Map<Long, Long> m = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      if (t >= 0) {
        m.put(id, t);
      }
    }
    return m;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
