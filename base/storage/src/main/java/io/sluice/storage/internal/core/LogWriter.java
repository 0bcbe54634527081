package io.sluice.storage.internal.core;

import io.sluice.storage.Clock;
import io.sluice.storage.Durability;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.internal.log.LogAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of the write-ahead log. Its thread drains whatever operations are queued (group
 * commit), validates each against the writer view in queue order, encodes their redo records into
 * one reused direct buffer (1 MiB at first, doubled when a batch needs more), writes it with one
 * call, forces once (unless durability is relaxed), then applies the effects and completes every
 * caller. Nothing is acknowledged before its record is durable. Futures complete on the thread that
 * wrote the batch: callers must not block in non-async callbacks.
 *
 * <p><b>Who writes.</b> One thread at a time owns the log, the queue's consumer side and the writer
 * view ({@code owner}): normally the writer thread. A caller writes its own operation when the log
 * is idle and the operation is a lone small one: the writer thread is parked, nothing is queued or
 * in flight, no batch has ended for the configured idle time ({@link
 * io.sluice.storage.StorageConfig#inlineWriteIdle}), the last batch held one operation, and this
 * one queues at most {@link #INLINE_MAX_BYTES}. Then {@link #submit} queues it without waking the
 * thread, takes ownership and writes one batch itself (the queue in order, which is then the
 * caller's operation plus whatever raced in): one write, one force, completions on the caller's
 * thread; then it hands back and wakes the writer thread if anything is left. That saves the two
 * thread wake-ups of a lone operation (a KV put at one client, a sessions clump). Each condition
 * keeps the writer thread's group commit where it pays (measured, see docs/benchmarks.md): under
 * load the writer thread is rarely parked that long; a batch of several operations means concurrent
 * callers, whose next operations would wait behind (in the KV face, under a lock with) the caller's
 * force; stream blocks are big and come back to back from one event loop, and writing them inline
 * cost the streams benchmark's single writer ~15% of its rate. Batches never interleave (one
 * owner), so records stay in submit order; an inline batch that cannot reserve cache memory at once
 * stops there and leaves the rest to the writer thread, so a caller never waits for the flusher; a
 * failure there is handled exactly as on the writer thread.
 *
 * <p>When a write or force fails, the batch's writer-view changes are rolled back, the batch and
 * everything queued fail with STORAGE_UNAVAILABLE, and the log is repaired (partial batch cut off,
 * probe forced) before the next batch; writes resume by themselves once that works. Before an
 * append is logged the writer reserves cache memory for its bytes; when the cache is full of bytes
 * not yet flushed, it waits for the flusher, so the queue fills and callers see BACKPRESSURE
 * instead of memory growing.
 *
 * <p>Thread-safety: {@link #submit} from any thread (it may write and force once on that thread,
 * see above); everything else is the owner's.
 */
public final class LogWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
  private static final long IDLE_PARK_NANOS = 50_000_000L;

  /**
   * Rounds of {@link Thread#onSpinWait()} before the idle writer parks: about 50 us on this VM
   * (where a pause exits to the hypervisor) and a few us on bare metal, enough to catch the next
   * operation of a caller that waited for its acknowledgement without a park/unpark round trip.
   */
  static final int SPINS = 200;

  /**
   * The log buffer's size at start: 1 MiB. It is direct memory that the JDK zeroes when it
   * allocates it, so all of it is resident from then on; a buffer of the largest record (16 MiB by
   * default) kept that much resident in every node from its start. It doubles when a batch does not
   * fit, up to {@link #BATCH_BYTES} for a batch of several records, and up to the largest record
   * plus 64 KiB for a record that needs it.
   */
  static final int INITIAL_BUFFER = 1 << 20;

  /**
   * The most a batch of several records fills: 4 MiB. Group commits under load reach several MiB
   * while a force takes milliseconds (the streams benchmark's batches average ~0.8 MiB on this
   * machine's disk, and filled a 16 MiB buffer when a force stalled); 4 MiB a force still takes 400
   * MB/s at 10 ms per force, more than a node's clients send.
   */
  static final int BATCH_BYTES = 4 << 20;

  /**
   * Batches in a row that each fill less than a quarter of a grown buffer after which it is
   * replaced by one of {@link #INITIAL_BUFFER} (the old one's memory goes back when the garbage
   * collector frees it).
   */
  static final int SHRINK_AFTER_BATCHES = 1024;

  /**
   * How long the writer thread parks when an inline caller owns the log; the caller wakes it when
   * it hands back, so this only bounds a lost wake-up.
   */
  private static final long OWNER_BUSY_PARK_NANOS = 1_000_000L;

  /** The largest operation (its queued bytes) a caller writes itself: 16 KiB. */
  static final int INLINE_MAX_BYTES = 16 << 10;

  private final Catalog catalog;
  private final LogAppender log;
  private final Clock clock;
  private final boolean force;
  private final ReadCache cache;
  private final Runnable wakeFlusher;
  private final WriteQueue queue;
  private final int maxBuffer;
  private ByteBuffer buf; // grows on demand, see INITIAL_BUFFER
  private int smallBatches;
  private final CRC32C crc = new CRC32C();
  private final List<Op<?>> batch = new ArrayList<>();
  private final BatchRoom room = new BatchRoom();
  private final Thread thread;
  private Op<?> carry;
  private volatile boolean closing;
  private volatile boolean accepting = true;
  private volatile boolean writable = true;
  private volatile String failure;

  /** Held by the thread writing: the writer thread or an inline caller (see the class javadoc). */
  private final AtomicBoolean owner = new AtomicBoolean();

  /** Idle time after which a caller writes inline; 0 = never. */
  private final long inlineIdleNanos;

  /** {@link Clock#nanoTime} when the last batch ended (either thread). */
  private volatile long lastBatchEnd;

  /** Operations in the last batch (either thread). */
  private volatile int lastBatchOps = Integer.MAX_VALUE;

  final AtomicLong appendedBytes = new AtomicLong();
  final AtomicLong records = new AtomicLong();
  final AtomicLong forces = new AtomicLong();

  public LogWriter(
      Catalog catalog,
      LogAppender log,
      Clock clock,
      Durability durability,
      ReadCache cache,
      long queueBytes,
      int maxRecordBytes,
      Duration inlineWriteIdle,
      Runnable wakeFlusher) {
    this.catalog = catalog;
    this.log = log;
    this.clock = clock;
    this.force = durability == Durability.FORCED;
    this.cache = cache;
    this.wakeFlusher = wakeFlusher;
    this.inlineIdleNanos = inlineWriteIdle.toNanos();
    this.lastBatchEnd = clock.nanoTime() - inlineIdleNanos;
    this.queue = new WriteQueue(queueBytes, 1 << 17);
    this.maxBuffer = Math.max(INITIAL_BUFFER, maxRecordBytes + (64 << 10));
    this.buf = ByteBuffer.allocateDirect(INITIAL_BUFFER);
    this.thread = Thread.ofPlatform().name("sluice-log-writer").unstarted(this::run);
    queue.consumer(thread);
  }

  public void start() {
    thread.start();
  }

  public LogAppender log() {
    return log;
  }

  public long appendedBytes() {
    return appendedBytes.get();
  }

  public long records() {
    return records.get();
  }

  public long forces() {
    return forces.get();
  }

  public long queuedBytes() {
    return queue.bytes();
  }

  public boolean writable() {
    return writable;
  }

  /** Wakes the writer (the flusher calls it after freeing pinned memory). */
  public void wake() {
    queue.wake();
  }

  /**
   * Queues an operation; its future fails at once with BACKPRESSURE or CLOSED if refused. When the
   * log is idle it writes the batch on this thread before returning (one write and one force at
   * most; the future is then already complete).
   */
  <T> java.util.concurrent.CompletableFuture<T> submit(Op<T> op) {
    if (closing || (!accepting && !(op instanceof BarrierOp))) {
      op.future.completeExceptionally(
          new StorageException(StorageError.CLOSED, "the storage engine is closed"));
      return op.future;
    }
    if (!writable && failure != null && !(op instanceof BarrierOp)) {
      // Still accepted: the writer retries the device before each batch and fails it if needed.
      LOG.trace("queueing while unavailable: {}", failure);
    }
    if (op instanceof BarrierOp) {
      queue.force(op);
      return op.future;
    }
    boolean inline = op.queuedBytes() <= INLINE_MAX_BYTES && mayWriteInline();
    if (!queue.offer(op, !inline)) {
      op.future.completeExceptionally(
          new StorageException(
              StorageError.BACKPRESSURE,
              "the write queue is full ("
                  + queue.bytes()
                  + " bytes waiting for the log); retry after a short pause"));
    } else if (inline) {
      writeInline();
    }
    return op.future;
  }

  /**
   * The gate (see the class javadoc): the writer thread is parked, nothing is queued or being
   * written, the log is writable, the last batch held one operation and none has ended for {@link
   * #inlineIdleNanos}.
   */
  private boolean mayWriteInline() {
    return inlineIdleNanos > 0
        && queue.consumerParked()
        && queue.count() == 0
        && writable
        && !closing
        && lastBatchOps <= 1
        && clock.nanoTime() - lastBatchEnd >= inlineIdleNanos;
  }

  /**
   * Writes one batch on the caller's thread if it can take ownership; otherwise (the writer thread
   * or another caller got there first) wakes the writer thread, which writes the queued operation.
   */
  private void writeInline() {
    if (!owner.compareAndSet(false, true)) {
      queue.wake();
      return;
    }
    boolean carried;
    try {
      if (!closing && writable && carry == null && !queue.isEmpty()) {
        writeBatch(true);
      }
      carried = carry != null;
    } finally {
      owner.set(false);
    }
    // Read after handing back: an operation queued while this thread owned the log, whose
    // submitter could not take ownership, is then seen here and handed to the writer thread.
    if (carried || !queue.isEmpty() || closing || !writable) {
      queue.wake();
    }
  }

  private void run() {
    boolean owned = false;
    try {
      loop();
      owned = true; // loop() returns holding ownership
    } finally {
      while (!owned && !owner.compareAndSet(false, true)) {
        LockSupport.parkNanos(this, OWNER_BUSY_PARK_NANOS); // an inline caller finishes first
      }
      failAll(new StorageException(StorageError.CLOSED, "the storage engine is closed"));
    }
  }

  private void failAll(StorageException err) {
    Op<?> o;
    while ((o = queue.poll()) != null) {
      queue.release(o);
      o.future.completeExceptionally(err);
    }
  }

  private static final int WROTE = 0;
  private static final int IDLE = 1;
  private static final int UNWRITABLE = 2;
  private static final int EXIT = 3;

  private void loop() {
    boolean busy = false; // a batch was written since the last park: spin before parking again
    while (true) {
      if (!owner.compareAndSet(false, true)) {
        // A caller is writing inline; it wakes this thread when it hands back.
        LockSupport.parkNanos(this, OWNER_BUSY_PARK_NANOS);
        continue;
      }
      int step = IDLE;
      try {
        step = step();
      } finally {
        if (step != EXIT) {
          owner.set(false);
        }
      }
      switch (step) {
        case EXIT -> {
          return; // keeping ownership: nobody writes after close
        }
        case IDLE -> {
          queue.await(IDLE_PARK_NANOS, busy && writable ? SPINS : 0);
          busy = false;
        }
        case UNWRITABLE -> queue.await(IDLE_PARK_NANOS, 0);
        default -> busy = true;
      }
    }
  }

  /** One round of the writer thread, holding ownership. */
  private int step() {
    if (carry == null && queue.isEmpty()) {
      if (closing) {
        return EXIT;
      }
      if (!writable) {
        tryRepair();
      }
      return IDLE;
    }
    if (!writable && !tryRepair()) {
      failQueued();
      return UNWRITABLE;
    }
    writeBatch(false);
    return WROTE;
  }

  /**
   * Reserves cache memory for {@code op}. With {@code mayWait} (the writer thread, empty batch) it
   * waits for the flusher to make memory evictable; otherwise it returns false so the batch is
   * written first (or, inline, the operation is left to the writer thread).
   */
  private boolean reserve(Op<?> op, boolean mayWait) {
    long need = op instanceof AppendOp a ? room.need(op.segment, a.dataBytes()) : 0;
    if (need == 0) {
      room.reserved();
      return true;
    }
    int waits = 0;
    while (!cache.tryReserve(need)) {
      if (!mayWait) {
        return false;
      }
      if (closing || cache.unflushedBytes() == 0) {
        cache.forceReserve(need);
        break;
      }
      wakeFlusher.run();
      LockSupport.parkNanos(this, 10_000_000L);
      if (++waits % 500 == 0) {
        LOG.warn(
            "the log writer waits for the flusher: cache holds {} of {} bytes, {} not flushed;"
                + " {} more needed",
            cache.usedBytes(),
            cache.limitBytes(),
            cache.unflushedBytes(),
            need);
      }
    }
    op.reserved = need;
    room.reserved();
    return true;
  }

  private void releaseReservation(Op<?> op) {
    if (op.reserved != 0) {
      cache.release(op.reserved);
      op.reserved = 0;
    }
  }

  /**
   * Makes room for {@code need} more bytes: a buffer at least twice as large holding the batch so
   * far, at most {@link #BATCH_BYTES} unless the batch is empty (then at most the largest record).
   * False if there is still no room for them.
   */
  private boolean grow(int need) {
    int limit = buf.position() == 0 ? maxBuffer : Math.min(maxBuffer, BATCH_BYTES);
    long want = (long) buf.position() + need;
    if (buf.capacity() >= limit || want > limit) {
      return false;
    }
    long size = Math.min(limit, Math.max(2L * buf.capacity(), Long.highestOneBit(want) << 1));
    ByteBuffer bigger = ByteBuffer.allocateDirect((int) size);
    buf.flip();
    bigger.put(buf);
    buf = bigger;
    smallBatches = 0;
    return want <= size;
  }

  /** After a batch: a grown buffer goes back to the initial size after many small batches. */
  private void maybeShrink(int batchBytes) {
    if (buf.capacity() <= INITIAL_BUFFER) {
      return;
    }
    if (batchBytes >= buf.capacity() / 4) {
      smallBatches = 0;
    } else if (++smallBatches >= SHRINK_AFTER_BATCHES) {
      buf = ByteBuffer.allocateDirect(INITIAL_BUFFER);
      smallBatches = 0;
    }
  }

  private void writeBatch(boolean inline) {
    buf.clear();
    batch.clear();
    room.clear();
    catalog.beginBatch();
    long millis = clock.currentTimeMillis();
    int logged = 0;
    long dataBytes = 0;
    Op<?> op = carry != null ? carry : queue.poll();
    carry = null;
    while (op != null) {
      int need = op.maxRecordBytes();
      if ((need > buf.remaining() && !grow(need) && !batch.isEmpty())
          || !reserve(op, batch.isEmpty() && !inline)) {
        carry = op;
        break;
      }
      try {
        op.logged = op.prepare(catalog, millis);
        if (op.logged) {
          int before = buf.position();
          op.encode(buf, millis, crc);
          logged++;
          dataBytes += buf.position() - before;
        }
      } catch (StorageException e) {
        op.error = e;
        op.logged = false;
        room.failed(op.segment);
        releaseReservation(op);
      } catch (RuntimeException e) {
        LOG.error("operation on {} failed unexpectedly", op.segment, e);
        op.error = new StorageException(StorageError.INVALID_ARGUMENT, e.toString(), e);
        op.logged = false;
        room.failed(op.segment);
        releaseReservation(op);
      }
      batch.add(op);
      if (op instanceof BarrierOp) {
        break;
      }
      op = queue.poll();
    }
    int batchBytes = buf.position();
    lastBatchOps = batch.size();
    if (logged > 0) {
      buf.flip();
      try {
        log.write(buf);
        if (force) {
          log.force();
          forces.incrementAndGet();
        } else {
          log.markWritten();
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        lastBatchEnd = clock.nanoTime();
        return;
      }
      records.addAndGet(logged);
      appendedBytes.addAndGet(dataBytes);
    }
    maybeShrink(batchBytes);
    for (Op<?> o : batch) {
      if (o.logged && o.error == null) {
        try {
          o.apply(catalog, millis);
        } catch (RuntimeException e) {
          LOG.error("applying an operation on {} failed", o.segment, e);
          o.error = new StorageException(StorageError.INVALID_ARGUMENT, e.toString(), e);
        }
      }
    }
    for (Op<?> o : batch) {
      releaseReservation(o);
      queue.release(o);
      o.complete();
    }
    batch.clear();
    lastBatchEnd = clock.nanoTime();
  }

  private void fail(Throwable e) {
    boolean first = writable;
    writable = false;
    failure = e.toString();
    catalog.rollbackBatch();
    if (first) {
      LOG.error(
          "write-ahead log write failed in {}; writes are refused until the device works again",
          log.currentFile(),
          e);
    } else {
      LOG.debug("write-ahead log write failed again: {}", e.toString());
    }
    StorageException err = unavailable(e);
    // Fail what is queued before telling the batch's callers, so that an operation submitted
    // after a caller saw its failure is judged by the next repair attempt, not failed with it.
    failQueued();
    for (Op<?> o : batch) {
      releaseReservation(o);
      queue.release(o);
      o.future.completeExceptionally(err);
    }
    batch.clear();
  }

  private StorageException unavailable(Throwable cause) {
    return new StorageException(
        StorageError.STORAGE_UNAVAILABLE,
        "the write-ahead log cannot be written ("
            + (cause == null ? failure : cause.getMessage())
            + "); reads still work, retry later",
        cause);
  }

  private void failQueued() {
    StorageException err = unavailable(null);
    if (carry != null) {
      releaseReservation(carry);
      queue.release(carry);
      carry.future.completeExceptionally(err);
      carry = null;
    }
    Op<?> o;
    while ((o = queue.poll()) != null) {
      queue.release(o);
      if (o instanceof BarrierOp) {
        o.complete();
      } else {
        o.future.completeExceptionally(err);
      }
    }
  }

  private boolean tryRepair() {
    try {
      log.repair();
      writable = true;
      failure = null;
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("write-ahead log still failing: {}", e.toString());
      return false;
    }
  }

  /** Queues a barrier; see {@link BarrierOp}. */
  <T> java.util.concurrent.CompletableFuture<T> barrier(java.util.function.Supplier<T> body) {
    return submit(new BarrierOp<>(body));
  }

  /** Refuses new operations with CLOSED from now on; queued ones are still written. */
  public void stopAccepting() {
    accepting = false;
  }

  /** Stops taking operations, writes what is queued, and stops the thread. */
  @Override
  public void close() {
    closing = true;
    queue.wake();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new StorageException(StorageError.CLOSED, "the storage engine is closed"));
    try {
      log.close();
    } catch (IOException e) {
      LOG.warn("closing the write-ahead log failed", e);
    }
  }
}
