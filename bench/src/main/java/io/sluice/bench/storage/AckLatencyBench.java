package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Acknowledgement latency of one writer that waits for each durable append, against one bare small
 * write plus {@code force(false)}, twice: appending to a growing file (the plain loop) and
 * overwriting a file filled with zeros beforehand (what the engine's log does, see the storage
 * module's LogAppender). The three take turns in slices of {@value #SLICE_MILLIS} ms, so a change
 * in the machine's load hits all of them alike. Not thread-safe.
 */
final class AckLatencyBench {
  /** One round's percentiles in microseconds. */
  record Round(
      double p50,
      double p99,
      int samples,
      double anchorP50,
      double anchorP99,
      int n,
      double zeroedP50,
      double zeroedP99,
      int zeroedN) {
    double ratioP50() {
      return p50 / anchorP50;
    }

    double ratioP99() {
      return p99 / anchorP99;
    }

    double zeroedRatioP50() {
      return p50 / zeroedP50;
    }
  }

  static final int SLICE_MILLIS = 250;
  private static final long ZEROED_FILE_BYTES = 64L << 20;
  private static final int MAX_SAMPLES = 1_000_000;
  private final BenchOptions o;

  AckLatencyBench(BenchOptions o) {
    this.o = o;
  }

  List<Round> run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= o.rounds(); r++) {
      Path dir = BenchDirs.fresh(o.baseDir(), "latency-");
      try {
        Round round = round(dir);
        rounds.add(round);
        System.err.printf(
            "latency round %d/%d: sluice p50 %.0f us p99 %.0f us (%d acks);"
                + " growing-file anchor p50 %.0f us p99 %.0f us (%d forces);"
                + " zeroed-file anchor p50 %.0f us p99 %.0f us (%d forces);"
                + " p50 ratio %.2f (vs zeroed %.2f)%n",
            r,
            o.rounds(),
            round.p50(),
            round.p99(),
            round.samples(),
            round.anchorP50(),
            round.anchorP99(),
            round.n(),
            round.zeroedP50(),
            round.zeroedP99(),
            round.zeroedN(),
            round.ratioP50(),
            round.zeroedRatioP50());
      } finally {
        BenchDirs.delete(dir);
      }
    }
    return rounds;
  }

  private Round round(Path dir) throws IOException {
    StorageConfig config =
        StorageConfig.builder(dir.resolve("engine")).durability(Durability.FORCED).build();
    long[] engine = new long[MAX_SAMPLES];
    long[] growing = new long[MAX_SAMPLES];
    long[] zeroed = new long[MAX_SAMPLES];
    int[] counts = new int[3];
    ByteBuffer rec = ByteBuffer.allocateDirect(o.recordBytes());
    try (StorageEngine e = StorageEngine.open(config);
        FileChannel grow =
            FileChannel.open(
                dir.resolve("anchor-growing.log"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        FileChannel zero =
            FileChannel.open(
                dir.resolve("anchor-zeroed.log"),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
      SegmentStore segments = e.segments();
      segments.create("latency", Map.of()).join();
      ByteBuffer record = ByteBuffer.allocate(o.recordBytes()).asReadOnlyBuffer();
      fillWithZeros(zero, ZEROED_FILE_BYTES);
      long[] growAt = {0};
      long[] zeroAt = {0};
      Side[] sides = {
        () -> segments.append("latency", record.duplicate()).join(),
        () -> growAt[0] = writeForce(grow, rec, growAt[0]),
        () -> zeroAt[0] = writeForce(zero, rec, zeroAt[0]) % (ZEROED_FILE_BYTES - rec.capacity())
      };
      long[][] out = {engine, growing, zeroed};
      // Warm-up: one slice each, not counted.
      for (Side s : sides) {
        slice(s, new long[MAX_SAMPLES], 0, 500);
      }
      long slices = Math.max(1, Math.round(o.seconds() * 1000 / SLICE_MILLIS));
      for (long k = 0; k < slices; k++) {
        for (int i = 0; i < sides.length; i++) {
          counts[i] = slice(sides[i], out[i], counts[i], SLICE_MILLIS);
        }
      }
    }
    return new Round(
        Samples.percentile(engine, counts[0], 0.50) / 1e3,
        Samples.percentile(engine, counts[0], 0.99) / 1e3,
        counts[0],
        Samples.percentile(growing, counts[1], 0.50) / 1e3,
        Samples.percentile(growing, counts[1], 0.99) / 1e3,
        counts[1],
        Samples.percentile(zeroed, counts[2], 0.50) / 1e3,
        Samples.percentile(zeroed, counts[2], 0.99) / 1e3,
        counts[2]);
  }

  /** One timed operation of one side. */
  @FunctionalInterface
  private interface Side {
    void once() throws IOException;
  }

  /** Runs {@code side} for {@code millis}, storing latencies from {@code out[n]} on. */
  private static int slice(Side side, long[] out, int n, long millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (n < out.length) {
      long t0 = System.nanoTime();
      side.once();
      long t1 = System.nanoTime();
      out[n++] = t1 - t0;
      if (t1 > end) {
        break;
      }
    }
    return n;
  }

  /** One write of {@code rec} at {@code at} and one {@code force(false)}; returns the end. */
  private static long writeForce(FileChannel ch, ByteBuffer rec, long at) throws IOException {
    rec.clear();
    long p = at;
    while (rec.hasRemaining()) {
      p += ch.write(rec, p);
    }
    ch.force(false);
    return p;
  }

  private static void fillWithZeros(FileChannel ch, long bytes) throws IOException {
    ByteBuffer z = ByteBuffer.allocateDirect(1 << 20);
    long at = 0;
    while (at < bytes) {
      z.clear();
      at += ch.write(z, at);
    }
    ch.force(true);
  }
}
