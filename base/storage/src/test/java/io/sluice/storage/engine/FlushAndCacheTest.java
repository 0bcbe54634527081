package io.sluice.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageStats;
import io.sluice.storage.internal.DurableStorageEngine;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The flusher moves data into chunk files, checkpoints let old log files go, the cache stays within
 * its limit and reads of evicted data come from chunk files.
 */
class FlushAndCacheTest {
  private static final int SEGMENTS = 40;
  private static final int APPENDS = 24;
  private static final int SIZE = 8 << 10;

  private MemoryFileLayer fs = new MemoryFileLayer();
  private final ManualClock clock = new ManualClock();

  private StorageConfig config(MemoryFileLayer layer) {
    return EngineFixture.config(layer, clock)
        .cacheBytes(256 << 10)
        .maxAppendBytes(64 << 10)
        .writeQueueBytes(1 << 20)
        .walFileSize(1 << 20)
        .build();
  }

  private static ByteBuffer record(int segment, int i) {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    for (int k = 0; k < SIZE; k += 8) {
      b.putLong(k, ((long) segment << 40) | ((long) i << 20) | k);
    }
    return b;
  }

  private static void writeAll(SegmentStore s, StorageEngine e, long[] maxCache) {
    for (int seg = 0; seg < SEGMENTS; seg++) {
      s.create("s" + seg, Map.of()).join();
    }
    List<CompletableFuture<Long>> pending = new ArrayList<>();
    for (int i = 0; i < APPENDS; i++) {
      for (int seg = 0; seg < SEGMENTS; seg++) {
        pending.add(s.append("s" + seg, record(seg, i)));
      }
      pending.forEach(CompletableFuture::join);
      pending.clear();
      maxCache[0] = Math.max(maxCache[0], e.stats().cacheBytes());
    }
  }

  private static void checkAll(SegmentStore s) {
    for (int seg = 0; seg < SEGMENTS; seg++) {
      ByteBuffer all = SegmentReadsHelper.readAll(s, "s" + seg);
      assertThat(all.remaining()).isEqualTo(APPENDS * SIZE);
      for (int i = 0; i < APPENDS; i++) {
        assertThat(all.slice(i * SIZE, SIZE)).isEqualTo(record(seg, i));
      }
    }
  }

  @Test
  void cacheStaysBoundedAndEvictedDataIsReadFromChunkFiles() {
    long[] maxCache = new long[1];
    try (StorageEngine e = StorageEngine.open(config(fs))) {
      writeAll(e.segments(), e, maxCache);
      checkAll(e.segments());
      StorageStats st = e.stats();
      assertThat(maxCache[0]).isLessThanOrEqualTo(256 << 10);
      assertThat(st.cacheBytes()).isLessThanOrEqualTo(256 << 10);
      assertThat(st.flushedBytes()).isGreaterThan((long) SEGMENTS * APPENDS * SIZE / 2);
      assertThat(((DurableStorageEngine) e).chunkFileReads()).isPositive();
    }
  }

  @Test
  void checkpointDeletesCoveredLogFilesAndRecoveryUsesChunkFiles() throws Exception {
    long[] maxCache = new long[1];
    StorageEngine e = StorageEngine.open(config(fs));
    writeAll(e.segments(), e, maxCache);
    // 7.5 MiB went through the log, but the flusher checkpoints whenever the log grows by more
    // than two files, so it never holds much more than that.
    assertThat(e.stats().appendedBytes()).isGreaterThan(7L << 20);
    assertThat(e.stats().walBytes()).isLessThan(4L << 20);
    ((DurableStorageEngine) e).checkpointNow();
    StorageStats st = e.stats();
    assertThat(st.walFiles()).isEqualTo(1);
    assertThat(st.walBytes()).isLessThan(1 << 20);
    assertThat(st.checkpoints()).isPositive();
    Path chunks = EngineFixture.DIR.resolve("segments");
    assertThat(fs.list(chunks)).isNotEmpty();
    fs = fs.crashCopy();
    e.close();
    try (StorageEngine again = StorageEngine.open(config(fs))) {
      checkAll(again.segments());
    }
  }

  @Test
  void truncateAndDeleteFreeChunkFiles() throws Exception {
    try (StorageEngine e = StorageEngine.open(config(fs))) {
      SegmentStore s = e.segments();
      s.create("big", Map.of()).join();
      s.create("other", Map.of()).join();
      for (int i = 0; i < 300; i++) {
        s.append("big", record(0, i)).join();
      }
      s.append("other", record(1, 0)).join();
      DurableStorageEngine d = (DurableStorageEngine) e;
      d.flushNow();
      Path chunks = EngineFixture.DIR.resolve("segments");
      int before = fs.list(chunks).size();
      assertThat(before).isGreaterThan(2);
      s.truncate("big", 299L * SIZE).join();
      d.flushNow();
      assertThat(fs.list(chunks).size()).isLessThan(before);
      s.delete("other").join();
      s.delete("big").join();
      d.flushNow();
      assertThat(fs.list(chunks)).isEmpty();
    }
  }

  @Test
  void largeSequentialReadsAfterARestartAreReadAheadAndSmallOnesCached() throws Exception {
    // cacheBytes 256 KiB: a cache block is 16 KiB, so 32 KiB reads are large.
    try (StorageEngine e = StorageEngine.open(config(fs))) {
      e.segments().create("s", Map.of()).join();
      for (int i = 0; i < 96; i++) {
        e.segments().append("s", record(7, i)).join();
      }
    }
    try (StorageEngine e = StorageEngine.open(config(fs))) {
      DurableStorageEngine d = (DurableStorageEngine) e;
      int chunks = fs.list(EngineFixture.DIR.resolve("segments")).size();
      ByteBuffer all = ByteBuffer.allocate(96 * SIZE);
      while (all.hasRemaining()) {
        ByteBuffer got =
            e.segments().read("s", all.position(), 32 << 10, java.time.Duration.ZERO).join().data();
        assertThat(got.remaining()).isPositive();
        all.put(got);
      }
      for (int i = 0; i < 96; i++) {
        assertThat(all.slice(i * SIZE, SIZE)).isEqualTo(record(7, i));
      }
      // The first read of each chunk comes from its file; the rest were read ahead.
      assertThat(d.chunkFileReads()).isBetween(1L, (long) chunks);
    }
    try (StorageEngine e = StorageEngine.open(config(fs))) {
      DurableStorageEngine d = (DurableStorageEngine) e;
      for (long off = 0; off < 96L * SIZE; off += 4096) {
        ByteBuffer got = e.segments().read("s", off, 4096, java.time.Duration.ZERO).join().data();
        assertThat(got.remaining()).isEqualTo(4096);
      }
      // Small reads bring whole 16 KiB blocks in: one file read per block, no read-ahead.
      assertThat(d.chunkFileReads()).isEqualTo(96L * SIZE / (16 << 10));
    }
  }
}
