package io.sluice.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.ReadBuffers;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.internal.DurableStorageEngine;
import io.sluice.storage.internal.data.BlockPool;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * The cache's off-heap blocks are reused after eviction while readers run: no reader ever sees a
 * byte of another segment or offset, the pool never makes more blocks than the limit allows, and
 * every block and every caller buffer is accounted for at the end.
 */
class CacheReuseTest {
  private static final int SEGMENTS = 8;
  private static final int WRITERS = 4;
  private static final int READERS = 4;
  private static final long BYTES_PER_WRITER = 3L << 20;
  private static final long CACHE = 512 << 10;

  /** The byte at {@code offset} of segment {@code seg}: differs between segments and blocks. */
  private static byte expected(int seg, long offset) {
    long h = (offset + 1) * 0x9E3779B97F4A7C15L + (seg + 1) * 0xC2B2AE3D27D4EB4FL;
    return (byte) (h >>> 56);
  }

  /** Caller buffers that count what the engine allocates and gives back. */
  private static final class CountingBuffers implements ReadBuffers {
    final AtomicLong allocated = new AtomicLong();
    final AtomicLong released = new AtomicLong();
    final boolean direct;

    CountingBuffers(boolean direct) {
      this.direct = direct;
    }

    @Override
    public ByteBuffer allocate(int size) {
      allocated.incrementAndGet();
      // Room before and after the bytes, so a read that writes outside its view shows.
      ByteBuffer b = direct ? ByteBuffer.allocateDirect(size + 64) : ByteBuffer.allocate(size + 64);
      for (int i = 0; i < b.capacity(); i++) {
        b.put(i, (byte) 0x5A);
      }
      return b.position(32);
    }

    @Override
    public void release(ByteBuffer buffer) {
      released.incrementAndGet();
    }
  }

  private static ReadCache cacheOf(StorageEngine e) throws ReflectiveOperationException {
    var f = DurableStorageEngine.class.getDeclaredField("cache");
    f.setAccessible(true);
    return (ReadCache) f.get(e);
  }

  @Test
  void readersNeverSeeReusedBlocksAndThePoolStaysAtItsLimit() throws Exception {
    MemoryFileLayer fs = new MemoryFileLayer();
    StorageEngine e =
        StorageEngine.open(
            EngineFixture.config(fs, new ManualClock())
                .cacheBytes(CACHE)
                .maxAppendBytes(64 << 10)
                .writeQueueBytes(1 << 20)
                .build());
    ReadCache cache = cacheOf(e);
    BlockPool pool = cache.pool();
    SegmentStore s = e.segments();
    for (int k = 0; k < SEGMENTS; k++) {
      s.create("s" + k, Map.of()).join();
    }
    AtomicLongArray lengths = new AtomicLongArray(SEGMENTS);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger maxInUse = new AtomicInteger();
    AtomicLong reads = new AtomicLong();
    AtomicLong bytesChecked = new AtomicLong();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    CountingBuffers heap = new CountingBuffers(false);
    CountingBuffers direct = new CountingBuffers(true);

    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int id = w;
      writers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Random rnd = new Random(id);
                    long written = 0;
                    try {
                      while (written < BYTES_PER_WRITER) {
                        // Each writer owns segments id and id + WRITERS, so it knows their lengths.
                        int seg = id + WRITERS * rnd.nextInt(SEGMENTS / WRITERS);
                        int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 200 : 40_000);
                        long at = lengths.get(seg);
                        ByteBuffer b = ByteBuffer.allocate(n);
                        for (int i = 0; i < n; i++) {
                          b.put(i, expected(seg, at + i));
                        }
                        long end = s.append("s" + seg, b).join();
                        assertThat(end).isEqualTo(at + n);
                        lengths.set(seg, end);
                        written += n;
                        maxInUse.accumulateAndGet(pool.blocksInUse(), Math::max);
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    }
                  }));
    }
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      int id = r;
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    Random rnd = new Random(100 + id);
                    CountingBuffers into = id % 2 == 0 ? heap : direct;
                    try {
                      while (writing.get()) {
                        int seg = rnd.nextInt(SEGMENTS);
                        long len = lengths.get(seg);
                        if (len == 0) {
                          Thread.onSpinWait();
                          continue;
                        }
                        long off = (long) (rnd.nextDouble() * len);
                        int max = 1 + rnd.nextInt(rnd.nextBoolean() ? 4_000 : 70_000);
                        ReadResult res = s.read("s" + seg, off, max, Duration.ZERO, into).join();
                        ByteBuffer d = res.data();
                        assertThat(res.offset()).isEqualTo(off);
                        assertThat(d.position()).isZero();
                        assertThat(d.remaining()).isBetween(1, max);
                        for (int i = 0; i < d.remaining(); i++) {
                          if (d.get(i) != expected(seg, off + i)) {
                            throw new AssertionError(
                                "segment " + seg + " offset " + (off + i) + ": wrong byte");
                          }
                        }
                        reads.incrementAndGet();
                        bytesChecked.addAndGet(d.remaining());
                        maxInUse.accumulateAndGet(pool.blocksInUse(), Math::max);
                      }
                    } catch (Throwable t) {
                      errors.add(t);
                    }
                  }));
    }
    for (Thread t : writers) {
      t.join();
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(reads.get()).isGreaterThan(100);

    // Every segment read back whole, block by block, after all that reuse.
    for (int k = 0; k < SEGMENTS; k++) {
      long off = 0;
      while (off < lengths.get(k)) {
        ByteBuffer d = s.read("s" + k, off, 50_000, Duration.ZERO).join().data();
        for (int i = 0; i < d.remaining(); i++) {
          assertThat(d.get(i)).isEqualTo(expected(k, off + i));
        }
        off += d.remaining();
      }
    }

    int capacity = (int) (CACHE / ReadCache.blockCost());
    assertThat(pool.madeBlocks()).isLessThanOrEqualTo(capacity);
    // 12 MiB went through a 512 KiB cache: the same blocks were used again and again.
    assertThat(pool.takes()).isGreaterThan(20L * pool.madeBlocks());
    assertThat(cache.evictions()).isPositive();
    // At most a block past the limit per segment crossing into a new chunk at the same time.
    assertThat(maxInUse.get()).isLessThanOrEqualTo(capacity + SEGMENTS);
    assertThat(cache.usedBytes()).isLessThanOrEqualTo(CACHE + SEGMENTS * ReadCache.blockCost());
    // Reads that failed would have given their buffers back; none failed.
    assertThat(heap.released.get() + direct.released.get()).isZero();
    assertThat(heap.allocated.get() + direct.allocated.get()).isPositive();

    e.close();
    // No block leaked: those in use are exactly the chunks' blocks (spans read ahead are freed
    // once their file reads end).
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pool.blocksInUse()).isEqualTo(cache.liveBlocks()));
    // Extra blocks (past the limit, at chunk roll-overs) are only those chunks still hold.
    assertThat(pool.extraBlocks()).isLessThanOrEqualTo(SEGMENTS);
  }

  @Test
  void aReadThatFailsGivesItsBufferBack() throws Exception {
    MemoryFileLayer fs = new MemoryFileLayer();
    CountingBuffers into = new CountingBuffers(false);
    try (StorageEngine e = EngineFixture.open(fs, new ManualClock())) {
      SegmentStore s = e.segments();
      s.create("a", Map.of()).join();
      ByteBuffer b = ByteBuffer.allocate(100_000);
      for (int i = 0; i < b.capacity(); i++) {
        b.put(i, expected(0, i));
      }
      s.append("a", b).join();
      ((DurableStorageEngine) e).flushNow();
      // Evict everything, then cut the chunk file short: the file read fails.
      cacheOf(e).evict(Long.MAX_VALUE / 4);
      for (java.nio.file.Path p : fs.list(EngineFixture.DIR.resolve("segments"))) {
        try (var ch = fs.open(p, java.nio.file.StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
      }
      CompletableFuture<ReadResult> f = s.read("a", 0, 60_000, Duration.ZERO, into);
      assertThat(f).failsWithin(Duration.ofSeconds(10));
      assertThat(into.released.get()).isEqualTo(into.allocated.get());
    }
  }
}
