package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Acknowledgement latency of one writer that waits for each durable append, against one bare small
 * write plus {@code force(false)}. Not thread-safe.
 */
final class AckLatencyBench {
  /** One round's percentiles in microseconds. */
  record Round(double p50, double p99, int samples, double anchorP50, double anchorP99, int n) {
    double ratioP50() {
      return p50 / anchorP50;
    }

    double ratioP99() {
      return p99 / anchorP99;
    }
  }

  private static final int MAX_SAMPLES = 1_000_000;
  private final BenchOptions o;

  AckLatencyBench(BenchOptions o) {
    this.o = o;
  }

  List<Round> run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    long[] samples = new long[MAX_SAMPLES];
    for (int r = 1; r <= o.rounds(); r++) {
      Path dir = BenchDirs.fresh(o.baseDir(), "latency-");
      try {
        int n = engineRound(dir, samples);
        double p50 = Samples.percentile(samples, n, 0.50) / 1e3;
        double p99 = Samples.percentile(samples, n, 0.99) / 1e3;
        Anchors.forceLatencies(dir, o.recordBytes(), 0.5, samples); // warm-up
        BenchDirs.delete(dir.resolve("anchor-latency.log"));
        int m = Anchors.forceLatencies(dir, o.recordBytes(), o.seconds(), samples);
        Round round =
            new Round(
                p50,
                p99,
                n,
                Samples.percentile(samples, m, 0.50) / 1e3,
                Samples.percentile(samples, m, 0.99) / 1e3,
                m);
        rounds.add(round);
        System.err.printf(
            "latency round %d/%d: sluice p50 %.0f us p99 %.0f us (%d acks);"
                + " anchor p50 %.0f us p99 %.0f us (%d forces); p50 ratio %.2f%n",
            r,
            o.rounds(),
            round.p50(),
            round.p99(),
            n,
            round.anchorP50(),
            round.anchorP99(),
            m,
            round.ratioP50());
      } finally {
        BenchDirs.delete(dir);
      }
    }
    return rounds;
  }

  private int engineRound(Path dir, long[] out) {
    StorageConfig config =
        StorageConfig.builder(dir.resolve("engine")).durability(Durability.FORCED).build();
    try (StorageEngine engine = StorageEngine.open(config)) {
      SegmentStore segments = engine.segments();
      segments.create("latency", Map.of()).join();
      ByteBuffer record = ByteBuffer.allocate(o.recordBytes()).asReadOnlyBuffer();
      long warmEnd = System.nanoTime() + 500_000_000L;
      while (System.nanoTime() < warmEnd) {
        segments.append("latency", record.duplicate()).join();
      }
      int n = 0;
      long end = System.nanoTime() + (long) (o.seconds() * 1e9);
      while (n < out.length) {
        long t0 = System.nanoTime();
        segments.append("latency", record.duplicate()).join();
        long t1 = System.nanoTime();
        out[n++] = t1 - t0;
        if (t1 > end) {
          break;
        }
      }
      return n;
    }
  }
}
