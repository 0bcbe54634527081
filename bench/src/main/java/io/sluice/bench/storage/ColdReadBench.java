package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read rate after a restart: segments are written and the engine closed (flushing them to segment
 * files), then a fresh engine reads every segment from start to end with 1 MiB reads on one thread.
 * The engine's cache is cold. The OS page cache is dropped ({@link PageCache}) after the reopen and
 * before the anchor (a sequential FileChannel read of a file of the same size), so both read from
 * the disk; with {@code --cold=false}, or without the right to drop it, both read warm. Not
 * thread-safe.
 */
final class ColdReadBench {
  /** One round's figures. */
  record Round(
      long bytes,
      long openNanos,
      long readNanos,
      long flushedBytes,
      long anchorNanos,
      boolean cold) {
    double readMBps() {
      return bytes / 1e3 / (readNanos / 1e6);
    }

    double anchorMBps() {
      return bytes / 1e3 / (anchorNanos / 1e6);
    }

    double ratio() {
      return readMBps() / anchorMBps();
    }
  }

  private static final int SEGMENTS = 16;
  private static final int APPEND_BYTES = 256 << 10;
  private final BenchOptions o;
  private final PageCache pageCache;

  ColdReadBench(BenchOptions o, PageCache pageCache) {
    this.o = o;
    this.pageCache = pageCache;
  }

  List<Round> run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    ClassWarmUp.run(
        o.baseDir(), StorageConfig.builder(o.baseDir()).durability(Durability.FORCED).build());
    for (int r = 1; r <= o.rounds(); r++) {
      Path dir = BenchDirs.fresh(o.baseDir(), "read-");
      try {
        Round round = round(dir);
        rounds.add(round);
        System.err.printf(
            "read round %d/%d (%s): read %d MiB after restart (open %d ms) in %d ms ="
                + " %.0f MB/s; anchor %.0f MB/s; ratio %.2f%n",
            r,
            o.rounds(),
            round.cold() ? "cold" : "warm",
            round.bytes() >> 20,
            round.openNanos() / 1_000_000,
            round.readNanos() / 1_000_000,
            round.readMBps(),
            round.anchorMBps(),
            round.ratio());
      } finally {
        BenchDirs.delete(dir);
      }
    }
    return rounds;
  }

  private Round round(Path dir) throws Exception {
    StorageConfig config =
        StorageConfig.builder(dir.resolve("engine")).durability(Durability.FORCED).build();
    long perSegment = o.readBytes() / SEGMENTS / APPEND_BYTES * APPEND_BYTES;
    System.err.printf("  read: writing %d MiB%n", perSegment * SEGMENTS >> 20);
    try (StorageEngine engine = StorageEngine.open(config)) {
      SegmentStore segments = engine.segments();
      ByteBuffer payload = ByteBuffer.allocate(APPEND_BYTES);
      new java.util.Random(3).nextBytes(payload.array());
      ByteBuffer ro = payload.asReadOnlyBuffer();
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < SEGMENTS; s++) {
        String seg = "read-" + s;
        segments.create(seg, Map.of()).join();
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (long done = 0; done < perSegment; done += APPEND_BYTES) {
                        segments.append(seg, ro.duplicate()).join();
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    long t0 = System.nanoTime();
    long bytes = 0;
    long openNanos;
    long readNanos;
    long flushed;
    boolean cold;
    try (StorageEngine engine = StorageEngine.open(config)) {
      openNanos = System.nanoTime() - t0;
      flushed = engine.stats().flushedBytes();
      SegmentStore segments = engine.segments();
      cold = pageCache.drop("the engine's reads");
      long r0 = System.nanoTime();
      for (int s = 0; s < SEGMENTS; s++) {
        String seg = "read-" + s;
        long length = segments.info(seg).join().length();
        long off = 0;
        while (off < length) {
          ReadResult rr =
              segments.read(seg, off, (int) Math.min(1 << 20, length - off), Duration.ZERO).join();
          int n = rr.data().remaining();
          if (n == 0) {
            throw new IllegalStateException(seg + ": empty read at " + off + " of " + length);
          }
          off += n;
        }
        bytes += length;
      }
      readNanos = System.nanoTime() - r0;
    }
    Path anchorFile = dir.resolve("anchor.dat");
    Anchors.writeFile(anchorFile, bytes);
    cold &= pageCache.drop("the anchor's read");
    long anchorNanos = Anchors.sequentialRead(anchorFile);
    return new Round(bytes, openNanos, readNanos, flushed, anchorNanos, cold);
  }
}
