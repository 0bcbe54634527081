package io.sluice.bench.kv;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds), each with its request's start ({@link System#nanoTime()}), and
 * reports percentiles. Thread-safe (synchronized).
 */
final class Latencies {
  private long[] values = new long[1 << 16];
  private long[] starts = new long[1 << 16];
  private int size;

  synchronized void add(long nanos) {
    add(0, nanos);
  }

  /** Adds one request's latency and its start time ({@link System#nanoTime()}). */
  synchronized void add(long startNanos, long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      starts = Arrays.copyOf(starts, size * 2);
    }
    starts[size] = startNanos;
    values[size++] = nanos;
  }

  /**
   * Writes one line per request, in the order they completed: its start ({@link System#nanoTime()}
   * of this JVM: the machine's monotonic clock, so it lines up with {@code perf record -k mono} and
   * with another JVM's {@code -Xlog} {@code timenanos} decoration) and its latency, both in
   * nanoseconds, tab-separated.
   */
  synchronized void dump(java.nio.file.Path file) throws java.io.IOException {
    try (var out = java.nio.file.Files.newBufferedWriter(file)) {
      out.write("start_nanos\tlatency_nanos\n");
      for (int i = 0; i < size; i++) {
        out.write(starts[i] + "\t" + values[i] + "\n");
      }
    }
  }

  synchronized int count() {
    return size;
  }

  /** Summary: count, mean, p50, p99, max, all in milliseconds. */
  synchronized Summary summary(double seconds) {
    long[] v = Arrays.copyOf(values, size);
    Arrays.sort(v);
    double mean = 0;
    for (long x : v) {
      mean += x;
    }
    mean = size == 0 ? 0 : mean / size;
    return new Summary(
        size,
        size / seconds,
        mean / 1e6,
        pct(v, 0.50) / 1e6,
        pct(v, 0.99) / 1e6,
        size == 0 ? 0 : v[size - 1] / 1e6);
  }

  private static long pct(long[] v, double p) {
    if (v.length == 0) {
      return 0;
    }
    return v[Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1)];
  }

  /** What one workload measured. */
  record Summary(
      long count, double perSecond, double meanMs, double p50Ms, double p99Ms, double maxMs) {
    @Override
    public String toString() {
      return String.format(
          "%,10.0f/s  mean %7.2f ms  p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms  (n=%d)",
          perSecond, meanMs, p50Ms, p99Ms, maxMs, count);
    }
  }
}
