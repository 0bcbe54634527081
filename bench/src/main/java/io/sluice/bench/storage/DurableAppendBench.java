package io.sluice.bench.storage;

import io.sluice.storage.Durability;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.StorageStats;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable append throughput: N concurrent writers (virtual threads), each appending one record to
 * its own segment and waiting for the acknowledgement (Durability.FORCED), against a plain
 * write+force loop that writes the engine's measured average bytes per force. Not thread-safe.
 */
final class DurableAppendBench {
  /** One round's figures. */
  record Round(
      double recordsPerSecond,
      double appendedBytesPerSecond,
      double bytesPerForce,
      double forcesPerSecond,
      Anchors.ForceLoop anchor) {
    double ratio() {
      return appendedBytesPerSecond / anchor.bytesPerSecond();
    }
  }

  private final BenchOptions o;

  DurableAppendBench(BenchOptions o) {
    this.o = o;
  }

  List<Round> run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    for (int r = 1; r <= o.rounds(); r++) {
      Path dir = BenchDirs.fresh(o.baseDir(), "append-");
      try {
        Round round = round(dir, r);
        rounds.add(round);
        System.err.printf(
            "append round %d/%d: sluice %.0f rec/s, %.1f MB/s, %.0f B/force, %.0f forces/s;"
                + " anchor %.1f MB/s, %.0f forces/s; ratio %.2f%n",
            r,
            o.rounds(),
            round.recordsPerSecond(),
            round.appendedBytesPerSecond() / 1e6,
            round.bytesPerForce(),
            round.forcesPerSecond(),
            round.anchor().bytesPerSecond() / 1e6,
            round.anchor().forces() * 1e9 / round.anchor().nanos(),
            round.ratio());
      } finally {
        BenchDirs.delete(dir);
      }
    }
    return rounds;
  }

  private Round round(Path dir, int r) throws Exception {
    StorageConfig config =
        StorageConfig.builder(dir.resolve("engine")).durability(Durability.FORCED).build();
    LongAdder records = new LongAdder();
    double rps;
    double bps;
    double bpf;
    double fps;
    try (StorageEngine engine = StorageEngine.open(config)) {
      SegmentStore segments = engine.segments();
      for (int w = 0; w < o.writers(); w++) {
        segments.create("w-" + w, Map.of()).join();
      }
      byte[] payload = new byte[o.recordBytes()];
      new java.util.Random(r).nextBytes(payload);
      ByteBuffer record = ByteBuffer.wrap(payload).asReadOnlyBuffer();
      List<Thread> threads = new ArrayList<>();
      var stop = new java.util.concurrent.atomic.AtomicBoolean();
      for (int w = 0; w < o.writers(); w++) {
        String seg = "w-" + w;
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (!stop.get()) {
                        try {
                          segments.append(seg, record.duplicate()).join();
                          records.increment();
                        } catch (RuntimeException e) {
                          if (!StorageException.is(e, StorageError.BACKPRESSURE)) {
                            throw e;
                          }
                        }
                      }
                    }));
      }
      Thread.sleep(1000); // warm-up
      StorageStats s0 = engine.stats();
      long c0 = records.sum();
      long t0 = System.nanoTime();
      long end = t0 + (long) (o.seconds() * 1e9);
      while (System.nanoTime() < end) {
        Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        System.err.printf("  append round %d: sluice %d records so far%n", r, records.sum() - c0);
      }
      StorageStats s1 = engine.stats();
      long c1 = records.sum();
      long t1 = System.nanoTime();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      double secs = (t1 - t0) / 1e9;
      long forces = s1.walForces() - s0.walForces();
      long appended = s1.appendedBytes() - s0.appendedBytes();
      rps = (c1 - c0) / secs;
      bps = appended / secs;
      bpf = forces == 0 ? 0 : (double) appended / forces;
      fps = forces / secs;
    }
    Anchors.ForceLoop anchor =
        Anchors.writeForceLoop(dir, (int) Math.max(1, Math.round(bpf)), o.seconds());
    return new Round(rps, bps, bpf, fps, anchor);
  }
}
