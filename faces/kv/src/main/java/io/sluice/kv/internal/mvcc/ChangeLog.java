package io.sluice.kv.internal.mvcc;

import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KV store's write-ahead record of changes: a plain segment of frames {@code
 * [payloadLength:4][crc32c:4][payload]}, the payload being entries {@code [tableKey:12][length:4]
 * [change record]} in {@link RecordCodec}'s layout. A write is durable once its frame is: one
 * storage append, completed on the storage engine's log-writer thread, instead of a table update
 * (whose completion crosses three more threads). The table is written behind ({@link TableBehind})
 * and the frames before the point it has reached are truncated away; recovery replays the frames
 * that are left. Appends of concurrent revisions are merged into few frames. Thread-safe.
 */
final class ChangeLog {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);
  private static final int FRAME_HEADER = 8;
  static final int ENTRY_HEADER = 12 + 4;
  private static final int READ_CHUNK = 1 << 20;

  private final SegmentStore segments;
  private final String name;
  private final ScheduledExecutorService retryTimer;
  private final WriteCoalescer<ByteBuffer, Long> writer;
  private long truncatedTo;
  // completes once the last frame handed over is in the engine's queue (or failed for good)
  private CompletableFuture<Void> lane = CompletableFuture.completedFuture(null);

  /**
   * @param retryTimer runs the retries of frames the engine refused with {@link
   *     StorageError#BACKPRESSURE}
   */
  ChangeLog(SegmentStore segments, String name, ScheduledExecutorService retryTimer) {
    this.segments = segments;
    this.name = name;
    this.retryTimer = retryTimer;
    this.writer = new WriteCoalescer<>(this::placeFrame, ByteBuffer::remaining, 4, 1 << 20);
  }

  /** Creates the segment if it does not exist yet; blocking, called once at start. */
  void createIfMissing() {
    try {
      segments.create(name, Map.of()).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
  }

  /**
   * One entry holding {@code kr}'s change record under its table key, encoded once: the table key
   * is {@code entry.slice(0, 12)}, the record {@code entry.slice(ENTRY_HEADER, entry.remaining() -
   * ENTRY_HEADER)}.
   */
  static ByteBuffer changeEntry(KeyRev kr, long origin) {
    int len = RecordCodec.changeLength(kr);
    ByteBuffer b = ByteBuffer.allocate(ENTRY_HEADER + len);
    RecordCodec.putChangeKey(b, kr.modRev(), kr.sub()).putInt(len);
    RecordCodec.encodeChange(kr, origin, b);
    return b.flip();
  }

  /** The table key of an entry made by {@link #changeEntry}. */
  static ByteBuffer keyOf(ByteBuffer entry) {
    return entry.slice(entry.position(), 12);
  }

  /** The change record of an entry made by {@link #changeEntry}. */
  static ByteBuffer recordOf(ByteBuffer entry) {
    return entry.slice(entry.position() + ENTRY_HEADER, entry.remaining() - ENTRY_HEADER);
  }

  /**
   * Appends the entries: the returned submission's future completes, on the thread that completes
   * the storage append (the engine's log writer, or the thread that wrote inline), with the
   * segment's length after the frame carrying them once that frame is durable. Its place in the log
   * is fixed by this call; the caller runs the submission's {@code issue} once, outside its locks.
   */
  WriteCoalescer.Submission<Long> append(List<ByteBuffer> entries) {
    return writer.submit(entries);
  }

  /**
   * Takes the next place in the log for a frame of {@code entries} (under the coalescer's monitor,
   * in frame order) and returns the step that builds the frame and hands it over behind the frame
   * placed before it.
   */
  private Supplier<CompletableFuture<Long>> placeFrame(List<ByteBuffer> entries) {
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    CompletableFuture<Void> previous;
    synchronized (this) {
      previous = lane;
      lane = accepted;
    }
    return () -> {
      CompletableFuture<Long> durable = new CompletableFuture<>();
      ByteBuffer frame;
      try {
        frame = frame(entries);
      } catch (RuntimeException e) {
        // the frames behind this one must not wait for it forever
        previous.whenComplete((v, t) -> accepted.complete(null));
        durable.completeExceptionally(e);
        return durable;
      }
      previous.thenRun(() -> handOver(frame, durable, accepted, 0));
      return durable;
    };
  }

  private static ByteBuffer frame(List<ByteBuffer> entries) {
    int payload = 0;
    for (ByteBuffer e : entries) {
      payload += e.remaining();
    }
    ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + payload);
    frame.putInt(payload).putInt(0);
    for (ByteBuffer e : entries) {
      frame.put(e.duplicate());
    }
    CRC32C crc = new CRC32C();
    crc.update(frame.array(), FRAME_HEADER, payload);
    frame.putInt(4, (int) crc.getValue());
    return frame.flip();
  }

  /**
   * Hands one frame to the storage engine once every earlier frame is in its queue, so frames land
   * in the log in the order of their revisions even when the engine refuses one: a refused frame is
   * retried after a pause, and the frames behind it wait for it (else a later revision could be
   * durable, and replayed after a crash, without an earlier one it was computed from). The engine
   * refuses at once (the returned future has already failed) or queues the append in order.
   */
  private void handOver(
      ByteBuffer frame,
      CompletableFuture<Long> durable,
      CompletableFuture<Void> accepted,
      int attempt) {
    CompletableFuture<Long> f;
    try {
      f = segments.append(name, frame.duplicate());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    if (f.state() == Future.State.FAILED
        && StorageException.is(f.exceptionNow(), StorageError.BACKPRESSURE)
        && attempt < MvccStorage.MAX_RETRIES) {
      try {
        retryTimer.schedule(
            () -> handOver(frame, durable, accepted, attempt + 1),
            MvccStorage.RETRY_PAUSE_MILLIS,
            TimeUnit.MILLISECONDS);
        return;
      } catch (RejectedExecutionException e) {
        // the face is closing: fail this frame as refused
      }
    }
    accepted.complete(null);
    f.whenComplete(
        (end, t) -> {
          if (t == null) {
            durable.complete(end);
          } else {
            durable.completeExceptionally(t);
          }
        });
  }

  /**
   * Frees the frames before {@code offset} (all of them written to the table); at most one
   * truncation per {@code minStep} bytes. Failures are logged: truncation only saves space.
   */
  void truncateTo(long offset, long minStep) {
    synchronized (this) {
      if (offset - truncatedTo < minStep) {
        return;
      }
      truncatedTo = offset;
    }
    segments
        .truncate(name, offset)
        .whenComplete(
            (v, t) -> {
              if (t != null) {
                LOG.warn("truncating the KV change log at {} failed", offset, t);
              }
            });
  }

  /**
   * Reads every frame from the start offset to the end (blocking; called once at start) and passes
   * each entry's table key and record to {@code visitor}. A frame whose checksum does not match
   * fails the start: the storage engine appends whole frames, so that is corruption.
   */
  void replay(BiConsumer<ByteBuffer, ByteBuffer> visitor) {
    var info = segments.info(name).join();
    long offset = info.startOffset();
    truncatedTo = offset;
    long end = info.length();
    ByteBuffer pending = ByteBuffer.allocate(0);
    while (offset < end) {
      ReadResult r =
          segments
              .read(name, offset, (int) Math.min(READ_CHUNK, end - offset), Duration.ZERO)
              .join();
      ByteBuffer data = r.data();
      if (!data.hasRemaining()) {
        break;
      }
      offset += data.remaining();
      ByteBuffer all = ByteBuffer.allocate(pending.remaining() + data.remaining());
      all.put(pending).put(data).flip();
      while (all.remaining() >= FRAME_HEADER) {
        int len = all.getInt(all.position());
        if (len < 0 || len > (1 << 28)) {
          throw new IllegalStateException("KV change log " + name + ": bad frame length " + len);
        }
        if (all.remaining() < FRAME_HEADER + len) {
          break;
        }
        int crcStored = all.getInt(all.position() + 4);
        CRC32C crc = new CRC32C();
        crc.update(all.array(), all.arrayOffset() + all.position() + FRAME_HEADER, len);
        if ((int) crc.getValue() != crcStored) {
          throw new IllegalStateException("KV change log " + name + ": bad frame checksum");
        }
        ByteBuffer payload = all.slice(all.position() + FRAME_HEADER, len);
        all.position(all.position() + FRAME_HEADER + len);
        while (payload.hasRemaining()) {
          if (payload.remaining() < ENTRY_HEADER) {
            throw new IllegalStateException("KV change log " + name + ": bad entry");
          }
          ByteBuffer key = payload.slice(payload.position(), 12);
          int recLen = payload.getInt(payload.position() + 12);
          if (recLen < 0 || recLen > payload.remaining() - ENTRY_HEADER) {
            throw new IllegalStateException("KV change log " + name + ": bad entry length");
          }
          ByteBuffer record = payload.slice(payload.position() + ENTRY_HEADER, recLen);
          payload.position(payload.position() + ENTRY_HEADER + recLen);
          visitor.accept(key, record);
        }
      }
      pending = all.slice();
    }
    if (pending.hasRemaining()) {
      throw new IllegalStateException(
          "KV change log " + name + ": " + pending.remaining() + " bytes of a partial frame");
    }
  }
}
