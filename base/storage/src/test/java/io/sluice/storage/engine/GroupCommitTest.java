package io.sluice.storage.engine;

import static io.sluice.storage.engine.EngineFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.ReadResult;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageStats;
import io.sluice.storage.testing.ForwardingFileLayer;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** Operations queued while the log is being forced are written and forced together. */
class GroupCommitTest {

  /**
   * Holds every force of a WAL file until the test lets it pass (or only those made on one thread),
   * and can fail the forces made on one thread or make each force take a while, like a disk.
   */
  static final class GatedForces extends ForwardingFileLayer {
    GatedForces() {
      this(new MemoryFileLayer());
    }

    GatedForces(MemoryFileLayer memory) {
      super(memory);
    }

    final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
    volatile boolean gated;

    /** When set, only forces made on this thread are gated. */
    volatile Thread gatedThread;

    /** Set by the first force that was gated. */
    volatile boolean heldOne;

    /** Forces made on this thread fail with an IOException. */
    volatile Thread failingThread;

    /** How long each force takes (a disk's latency); 0 for none. */
    volatile long forceNanos;

    /** The last thread that forced the log. */
    volatile Thread lastForcer;

    /** Forces made on a thread other than the engine's log writer thread. */
    final java.util.concurrent.atomic.AtomicInteger forcesByCallers =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public FileChannel open(Path file, OpenOption... options) throws IOException {
      FileChannel ch = inner.open(file, options);
      if (!file.toString().endsWith(".wal")) {
        return ch;
      }
      return new FileChannel() {
        @Override
        public int read(ByteBuffer dst) throws IOException {
          return ch.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
          return ch.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
          return ch.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
          return ch.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
          return ch.position();
        }

        @Override
        public FileChannel position(long p) throws IOException {
          ch.position(p);
          return this;
        }

        @Override
        public long size() throws IOException {
          return ch.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
          ch.truncate(size);
          return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
          Thread me = Thread.currentThread();
          lastForcer = me;
          if (!me.getName().equals("sluice-log-writer")) {
            forcesByCallers.incrementAndGet();
          }
          if (failingThread == me) {
            throw new IOException("injected force failure on " + me.getName());
          }
          Thread only = gatedThread;
          if (gated && (only == null || only == me)) {
            heldOne = true;
            permits.acquireUninterruptibly();
          }
          long nanos = forceNanos;
          if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
          }
          ch.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target)
            throws IOException {
          return ch.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count)
            throws IOException {
          return ch.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
          return ch.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
          return ch.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
          return ch.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
          return ch.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
          return ch.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
          ch.close();
        }
      };
    }
  }

  @Test
  void everythingQueuedDuringAForceGoesIntoTheNextOne() {
    GatedForces fs = new GatedForces();
    // Written by the writer thread only: a write on the caller's thread (when the log is idle)
    // would hold this thread in the gated force and the appends below would never be made.
    try (StorageEngine e =
        StorageEngine.open(
            EngineFixture.config(fs, new ManualClock()).inlineWriteIdle(Duration.ZERO).build())) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      StorageStats before = e.stats();
      fs.permits.drainPermits();
      fs.gated = true;
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      futures.add(s.append("seg", bytes("first")));
      // The writer is now stuck in the first force; everything else queues behind it.
      await().until(() -> fs.permits.hasQueuedThreads());
      for (int i = 0; i < 63; i++) {
        futures.add(s.append("seg", ByteBuffer.allocate(1024)));
      }
      assertThat(futures).noneMatch(CompletableFuture::isDone);
      fs.gated = false;
      fs.permits.release(Integer.MAX_VALUE / 2);
      futures.forEach(CompletableFuture::join);
      StorageStats after = e.stats();
      assertThat(after.walRecords() - before.walRecords()).isEqualTo(64);
      assertThat(after.walForces() - before.walForces()).isEqualTo(2);
      assertThat(s.info("seg").join().length()).isEqualTo(5 + 63 * 1024);
    }
  }

  /**
   * Small appends reserve cache blocks by the bytes they fill per segment and batch, not a block
   * each: 2 x 500 appends of 100 B queued during a force go out in one more force through a cache
   * of 1 MiB (64 blocks of 16 KiB), where a block per append would have cut them into ~16 batches.
   */
  @Test
  void manySmallAppendsShareTheCacheBlocksOfOneBatch() {
    GatedForces fs = new GatedForces();
    StorageConfig config =
        EngineFixture.config(fs, new ManualClock())
            .cacheBytes(1 << 20)
            .inlineWriteIdle(Duration.ZERO)
            .build();
    try (StorageEngine e = StorageEngine.open(config)) {
      var s = e.segments();
      s.create("a", Map.of()).join();
      s.create("b", Map.of()).join();
      StorageStats before = e.stats();
      fs.permits.drainPermits();
      fs.gated = true;
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      futures.add(s.append("a", bytes("first")));
      await().until(() -> fs.permits.hasQueuedThreads());
      for (int i = 0; i < 500; i++) {
        futures.add(s.append("a", filled(100, i)));
        futures.add(s.append("b", filled(100, i)));
      }
      fs.gated = false;
      fs.permits.release(Integer.MAX_VALUE / 2);
      futures.forEach(CompletableFuture::join);
      StorageStats after = e.stats();
      assertThat(after.walRecords() - before.walRecords()).isEqualTo(1001);
      assertThat(after.walForces() - before.walForces()).isEqualTo(2);
      assertThat(after.cacheBytes()).isLessThanOrEqualTo(after.cacheLimitBytes());
      assertThat(s.info("a").join().length()).isEqualTo(5 + 500 * 100);
      assertThat(s.info("b").join().length()).isEqualTo(500 * 100);
      for (int i = 0; i < 500; i++) {
        ByteBuffer got = s.read("b", i * 100L, 100, Duration.ZERO).join().data();
        assertThat(got).isEqualTo(filled(100, i));
      }
    }
  }

  /**
   * The log buffer starts at 1 MiB and grows when a batch needs more (up to the largest record plus
   * 64 KiB, here 4 MiB): 1.5 MiB of small appends and a 2 MiB one queued during a force still go
   * out in one write and one force, byte for byte.
   */
  @Test
  void aBatchBeyondTheLogBuffersFirstSizeGrowsItAndStaysOneForce() {
    GatedForces fs = new GatedForces();
    StorageConfig config =
        EngineFixture.config(fs, new ManualClock())
            .walFileSize(16 << 20)
            .maxAppendBytes(4 << 20)
            .writeQueueBytes(16 << 20)
            .cacheBytes(32 << 20)
            .inlineWriteIdle(Duration.ZERO)
            .build();
    List<ByteBuffer> written = new ArrayList<>();
    try (StorageEngine e = StorageEngine.open(config)) {
      var s = e.segments();
      s.create("seg", Map.of()).join();
      StorageStats before = e.stats();
      fs.permits.drainPermits();
      fs.gated = true;
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      written.add(bytes("first"));
      futures.add(s.append("seg", written.get(0).duplicate()));
      await().until(() -> fs.permits.hasQueuedThreads());
      for (int i = 0; i < 24; i++) {
        written.add(filled(64 << 10, i));
      }
      written.add(filled(2 << 20, 99));
      for (ByteBuffer b : written.subList(1, written.size())) {
        futures.add(s.append("seg", b.duplicate()));
      }
      fs.gated = false;
      fs.permits.release(Integer.MAX_VALUE / 2);
      futures.forEach(CompletableFuture::join);
      StorageStats after = e.stats();
      assertThat(after.walRecords() - before.walRecords()).isEqualTo(26);
      assertThat(after.walForces() - before.walForces()).isEqualTo(2);
      assertThat(contents(e)).isEqualTo(concat(written));
    }
    try (StorageEngine e = StorageEngine.open(config)) {
      assertThat(contents(e)).isEqualTo(concat(written));
    }
  }

  private static ByteBuffer filled(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return ByteBuffer.wrap(b);
  }

  private static byte[] concat(List<ByteBuffer> parts) {
    ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(ByteBuffer::remaining).sum());
    parts.forEach(p -> all.put(p.duplicate()));
    return all.array();
  }

  private static byte[] contents(StorageEngine e) {
    var s = e.segments();
    long length = s.info("seg").join().length();
    ByteBuffer all = ByteBuffer.allocate((int) length);
    while (all.hasRemaining()) {
      ReadResult r = s.read("seg", all.position(), all.remaining(), Duration.ZERO).join();
      all.put(r.data());
    }
    return all.array();
  }
}
