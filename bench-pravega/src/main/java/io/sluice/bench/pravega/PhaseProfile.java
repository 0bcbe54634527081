package io.sluice.bench.pravega;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a server process's CPU goes in each measured phase ({@code --profile=true}): a {@link
 * ThreadCpu} snapshot at every phase boundary ({@link #mark}), and during the multi-writer phase a
 * snapshot every {@code intervalMillis} on a sampling thread, so the phase's CPU by thread group
 * can be set beside its write latency second by second. Marks are taken on the bench's thread; the
 * sampler runs on its own and is joined by {@link #stopSampling}.
 */
final class PhaseProfile {
  private final long pid;
  private final List<Map<String, Long>> marks = new ArrayList<>();
  private final List<Long> sampleTimes = new ArrayList<>();
  private final List<Map<String, Long>> samples = new ArrayList<>();
  private Thread sampler;
  private volatile boolean sampling;

  PhaseProfile(long pid) {
    this.pid = pid;
  }

  /** Takes a snapshot at a phase boundary. */
  void mark() {
    marks.add(ThreadCpu.snapshot(pid));
  }

  /** Per group, us per event between marks {@code from} and {@code from + 1}. */
  Map<String, Double> phase(int from, long events) {
    return ThreadCpu.perEvent(marks.get(from), marks.get(from + 1), events);
  }

  /** Number of marks so far. */
  int marks() {
    return marks.size();
  }

  /** Starts snapshots every {@code intervalMillis} until {@link #stopSampling}. */
  void startSampling(long intervalMillis) {
    sampling = true;
    sampler =
        Thread.ofPlatform()
            .daemon()
            .name("bench-profile")
            .start(
                () -> {
                  while (sampling) {
                    long t = System.nanoTime();
                    Map<String, Long> s = ThreadCpu.snapshot(pid);
                    synchronized (samples) {
                      sampleTimes.add(t);
                      samples.add(s);
                    }
                    try {
                      Thread.sleep(intervalMillis);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  /** Stops the sampler and waits for it. */
  void stopSampling() throws InterruptedException {
    sampling = false;
    if (sampler != null) {
      sampler.interrupt();
      sampler.join();
    }
  }

  /**
   * The server's CPU per thread group in each sampling interval, as percent of one CPU, one line
   * per interval, with the interval's start in seconds after {@code t0} (System.nanoTime).
   */
  String timeline(long t0) {
    StringBuilder b = new StringBuilder();
    synchronized (samples) {
      for (int i = 1; i < samples.size(); i++) {
        long from = sampleTimes.get(i - 1);
        long to = sampleTimes.get(i);
        double wall = to - from;
        b.append(
            String.format(
                Locale.ROOT, "  t=%5.2f-%5.2f s node %%CPU: ", (from - t0) / 1e9, (to - t0) / 1e9));
        Map<String, Long> a = samples.get(i - 1);
        Map<String, Long> z = samples.get(i);
        double sum = 0;
        for (String g : ThreadCpu.GROUPS) {
          double pct = 100.0 * Math.max(0, z.get(g) - a.get(g)) / wall;
          sum += pct;
          if (pct >= 0.5) {
            b.append(String.format(Locale.ROOT, "%s %.0f, ", g, pct));
          }
        }
        b.append(String.format(Locale.ROOT, "all %.0f%n", sum));
      }
    }
    return b.toString();
  }
}
