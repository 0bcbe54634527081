package io.sluice.storage.acceptance;

import io.sluice.storage.Durability;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.StorageStats;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The child-JVM side of {@link BoundedMemoryIT}: appends many times the cache size over many
 * segments, waits for the flusher to catch up, reads everything back and checks it, then reopens
 * and reads a sample again. It samples heap, direct memory, the engine's cache and WAL size while
 * it works and prints the results as one {@code @RESULT key=value ...} line; progress goes to
 * stderr.
 *
 * <p>Arguments: {@code dataDir totalBytes segments}. Writer threads own disjoint segments, one
 * append in flight per segment.
 */
public final class BoundedMemoryWorkload {
  static final long CACHE_BYTES = 64L << 20;
  static final long WAL_FILE_SIZE = 32L << 20;
  static final int MIN_APPEND = 64 << 10;
  static final int MAX_APPEND = 512 << 10;
  private static final int WRITERS = 8;
  private static final int WINDOW = 4;

  private static final MemoryWatch MEMORY = new MemoryWatch();

  private final SegmentStore segments;
  private final StorageEngine engine;
  private final int segmentCount;
  private final AtomicLong maxWalBytes = new AtomicLong();
  private final AtomicLong maxCacheBytes = new AtomicLong();
  private final AtomicLong backpressured = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  private BoundedMemoryWorkload(StorageEngine engine, int segmentCount) {
    this.engine = engine;
    this.segments = engine.segments();
    this.segmentCount = segmentCount;
  }

  static StorageConfig config(Path dir) {
    return StorageConfig.builder(dir)
        .durability(Durability.FORCED)
        .cacheBytes(CACHE_BYTES)
        .walFileSize(WAL_FILE_SIZE)
        .maxAppendBytes(4 << 20)
        .writeQueueBytes(32L << 20)
        .build();
  }

  static String name(int i) {
    return String.format("seg-%04d", i);
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    System.setOut(System.err);
    Path dir = Path.of(args[0]);
    long total = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    long t0 = System.nanoTime();
    long[] lengths = new long[count];
    // Each phase in its own method, so nothing of a closed engine stays reachable from this frame.
    out.println(firstPhase(dir, total, count, lengths));
    out.println(
        reopenPhase(dir, count, lengths) + " totalMs=" + (System.nanoTime() - t0) / 1_000_000);
    out.println("@DONE");
  }

  private static String firstPhase(Path dir, long total, int count, long[] lengths)
      throws InterruptedException {
    try (StorageEngine engine = StorageEngine.open(config(dir))) {
      BoundedMemoryWorkload w = new BoundedMemoryWorkload(engine, count);
      for (int i = 0; i < count; i++) {
        w.segments.create(name(i), Map.of()).join();
      }
      long ws = System.nanoTime();
      long appends = w.write(total, lengths);
      long writeNanos = System.nanoTime() - ws;
      long cs = System.nanoTime();
      w.awaitFlushed(Duration.ofMinutes(5));
      long catchUpNanos = System.nanoTime() - cs;
      StorageStats afterWrite = engine.stats();
      long rs = System.nanoTime();
      w.readAll(lengths, 1);
      long readNanos = System.nanoTime() - rs;
      return "@RESULT phase=first"
          + " appends="
          + appends
          + " bytes="
          + w.written.get()
          + " writeMs="
          + writeNanos / 1_000_000
          + " catchUpMs="
          + catchUpNanos / 1_000_000
          + " readMs="
          + readNanos / 1_000_000
          + " maxWalBytes="
          + w.maxWalBytes.get()
          + " walBytesAfterCatchUp="
          + afterWrite.walBytes()
          + " walFilesAfterCatchUp="
          + afterWrite.walFiles()
          + " flushedBytes="
          + afterWrite.flushedBytes()
          + " maxCacheBytes="
          + w.maxCacheBytes.get()
          + " backpressured="
          + w.backpressured.get()
          + " walForces="
          + afterWrite.walForces();
    }
  }

  private static String reopenPhase(Path dir, int count, long[] lengths) {
    long reopenStart = System.nanoTime();
    try (StorageEngine engine = StorageEngine.open(config(dir))) {
      long openNanos = System.nanoTime() - reopenStart;
      BoundedMemoryWorkload w = new BoundedMemoryWorkload(engine, count);
      long rs = System.nanoTime();
      long sampled = w.readAll(lengths, 10);
      long sampleNanos = System.nanoTime() - rs;
      System.gc();
      MEMORY.sample();
      System.err.println("heap histogram after the final GC (top entries):");
      System.err.println(histogramHead(25));
      return "@RESULT phase=reopen"
          + " openMs="
          + openNanos / 1_000_000
          + " sampleBytes="
          + sampled
          + " sampleReadMs="
          + sampleNanos / 1_000_000
          + " maxCacheBytes="
          + w.maxCacheBytes.get()
          + " heapPeakAfterGc="
          + MEMORY.peakHeapAfterGc()
          + " heapAfterFinalGc="
          + MemoryWatch.heapNow().getUsed()
          + " heapMax="
          + MemoryWatch.heapNow().getMax()
          + " gcs="
          + MEMORY.collections()
          + " directPeak="
          + MEMORY.peakDirect()
          + " rssPeakKb="
          + MemoryWatch.rssPeakKb();
    }
  }

  /** The first lines of the live-object histogram (jcmd GC.class_histogram), for diagnosis. */
  private static String histogramHead(int lines) {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      String[] all = text.toString().split("\n");
      return String.join("\n", java.util.Arrays.copyOf(all, Math.min(all.length, lines + 3)));
    } catch (JMException e) {
      return "no histogram: " + e;
    }
  }

  private record Pending(int segment, long seq, int size, CompletableFuture<Long> future) {}

  private long write(long total, long[] lengths) throws InterruptedException {
    long perWriter = total / WRITERS;
    AtomicLong appends = new AtomicLong();
    Thread[] threads = new Thread[WRITERS];
    for (int t = 0; t < WRITERS; t++) {
      int writer = t;
      threads[t] =
          Thread.ofPlatform()
              .name("writer-" + t)
              .start(() -> appends.addAndGet(writeShare(writer, perWriter, lengths)));
    }
    Thread progress =
        Thread.ofPlatform()
            .daemon()
            .name("progress")
            .start(
                () -> {
                  long next = 256L << 20;
                  long lastWritten = -1;
                  long lastChange = System.nanoTime();
                  while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    long now = System.nanoTime();
                    if (written.get() != lastWritten) {
                      lastWritten = written.get();
                      lastChange = now;
                    } else if (now - lastChange > STALL_NANOS) {
                      stalled();
                    }
                    if (written.get() >= next) {
                      StorageStats s = engine.stats();
                      System.err.printf(
                          "written %d MiB, wal %d MiB in %d files, flushed %d MiB, cache %d MiB,"
                              + " heap used %d MiB%n",
                          written.get() >> 20,
                          s.walBytes() >> 20,
                          s.walFiles(),
                          s.flushedBytes() >> 20,
                          s.cacheBytes() >> 20,
                          MemoryWatch.heapNow().getUsed() >> 20);
                      next += 256L << 20;
                    }
                    LockSupport.parkNanos(20_000_000);
                  }
                });
    for (Thread t : threads) {
      t.join();
    }
    progress.interrupt();
    progress.join();
    return appends.get();
  }

  /** No append completed for this long: the engine is stuck; report and stop. */
  private static final long STALL_NANOS = 60_000_000_000L;

  private void stalled() {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      System.err.println("thread " + e.getKey().getName());
      for (StackTraceElement f : e.getValue()) {
        System.err.println("    at " + f);
      }
    }
    System.err.println(
        "STALL: no append completed for 60 s after "
            + written.get()
            + " bytes; engine stats "
            + engine.stats());
    System.err.flush();
    Runtime.getRuntime().halt(4);
  }

  private void sample() {
    StorageStats s = engine.stats();
    maxWalBytes.accumulateAndGet(s.walBytes(), Math::max);
    maxCacheBytes.accumulateAndGet(s.cacheBytes(), Math::max);
    MEMORY.sample();
  }

  private long writeShare(int writer, long bytes, long[] lengths) {
    ArrayDeque<Pending> window = new ArrayDeque<>();
    long[] seqs = new long[segmentCount];
    long done = 0;
    long count = 0;
    int s = writer;
    while (done < bytes) {
      long seq = seqs[s];
      ByteBuffer rec = Records.encode(s, seq, MIN_APPEND, MAX_APPEND);
      int size = rec.remaining();
      CompletableFuture<Long> f = segments.append(name(s), rec);
      if (f.isCompletedExceptionally() && isBackpressure(f)) {
        backpressured.incrementAndGet();
        if (!window.isEmpty()) {
          complete(window.poll(), lengths);
        } else {
          LockSupport.parkNanos(1_000_000);
        }
        continue;
      }
      window.add(new Pending(s, seq, size, f));
      if (window.size() >= WINDOW) {
        complete(window.poll(), lengths);
      }
      seqs[s]++;
      done += size;
      count++;
      s += WRITERS;
      if (s >= segmentCount) {
        s = writer;
      }
    }
    while (!window.isEmpty()) {
      complete(window.poll(), lengths);
    }
    return count;
  }

  private static boolean isBackpressure(CompletableFuture<Long> f) {
    try {
      f.join();
      return false;
    } catch (RuntimeException e) {
      return StorageException.is(e, StorageError.BACKPRESSURE);
    }
  }

  private void complete(Pending p, long[] lengths) {
    long end = p.future().join();
    synchronized (lengths) {
      if (end != lengths[p.segment()] + p.size()) {
        throw new AssertionError(
            name(p.segment())
                + ": append "
                + p.seq()
                + " ended at "
                + end
                + ", expected "
                + (lengths[p.segment()] + p.size()));
      }
      lengths[p.segment()] = end;
    }
    written.addAndGet(p.size());
  }

  private void awaitFlushed(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (engine.stats().walBytes() >= 3 * WAL_FILE_SIZE) {
      if (System.nanoTime() > deadline) {
        StorageStats s = engine.stats();
        throw new AssertionError(
            "the WAL did not shrink below 3 x walFileSize within " + max + ": " + s);
      }
      sample();
      LockSupport.parkNanos(50_000_000);
    }
  }

  /** Reads every {@code every}-th segment whole and checks it; returns the bytes read. */
  private long readAll(long[] lengths, int every) {
    long bytes = 0;
    for (int i = 0; i < segmentCount; i += every) {
      SegmentInfo info = segments.info(name(i)).join();
      if (info.length() != lengths[i]) {
        throw new AssertionError(name(i) + ": length " + info.length() + ", wrote " + lengths[i]);
      }
      long off = 0;
      long seq = 0;
      while (off < info.length()) {
        int size = Records.OVERHEAD + Records.payloadLength(i, seq, MIN_APPEND, MAX_APPEND);
        ByteBuffer data = SegmentReads.readRange(segments, name(i), off, off + size);
        List<Records.Found> found = Records.parse(name(i), data, off, MIN_APPEND, MAX_APPEND);
        if (found.size() != 1 || found.get(0).segId() != i || found.get(0).seq() != seq) {
          throw new AssertionError(name(i) + " @" + off + ": expected record " + seq);
        }
        off += size;
        seq++;
        bytes += size;
      }
      sample();
    }
    return bytes;
  }
}
