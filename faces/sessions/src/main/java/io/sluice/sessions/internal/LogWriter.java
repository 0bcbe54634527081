package io.sluice.sessions.internal;

import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends records to the session log and reports each one durable in log order.
 *
 * <p>This is the only writer of the log and it issues every append from the sessions loop thread,
 * so the engine applies them in call order and the global offset of each record is known when it is
 * submitted ({@link #end()} before the call). Once the current segment is over the roll size, a new
 * segment is created at the log's end; records submitted while it is being created are held and
 * sent, in order, once it exists. Completions are handed back to the loop (one task per burst of
 * completions) and reported strictly in submission order: a record is reported durable only once
 * every record before it is. If any append fails, that one and every later one still in flight are
 * reported failed (some of them may be in the log all the same: they were never acknowledged), and
 * {@link #failed()} stays true until {@link #reset} after the caller has rebuilt its state from the
 * log.
 *
 * <p>Between {@link #gather} and {@link #release} (the inbound batches of one transport read, see
 * {@code SessionLog.runBatch}, and anything else the loop logs meanwhile), records are not sent one
 * by one but together as one storage append at {@link #release} (up to {@link #GROUP_BYTES}): the
 * same bytes at the same offsets, but one operation for the engine's writer instead of one per
 * record, and all of the batch in the same group commit (a writer that starts a force while the
 * loop is still submitting a batch's records one by one would carry only the first few in it). A
 * storage append is all or nothing, so the records of a group become durable, or fail, together;
 * recovery reads records by their own framing, whatever the appends were.
 *
 * <p>{@code onFailure} runs on the loop once, right after the first failed append is reported;
 * everything still in flight is reported failed after it.
 *
 * <p>Owned by the sessions loop thread; not thread-safe.
 */
final class LogWriter {
  /** Told the outcome of one append: null when durable, else why it is not acknowledged. */
  interface Completion {
    void done(StorageException failure);
  }

  private static final class Pending {
    final long offset;
    final int size;
    final Completion completion;
    ByteBuffer record;
    long segmentBase;
    List<Runnable> after;
    // written by the completing thread before done is set, read by the loop after it sees done
    Throwable error;
    long newLength;
    volatile boolean done;

    Pending(long offset, int size, Completion completion) {
      this.offset = offset;
      this.size = size;
      this.completion = completion;
    }
  }

  /** The most bytes {@link #release} sends as one append; a larger record goes alone. */
  static final int GROUP_BYTES = 64 << 10;

  private final SegmentStore store;
  private final LogSegments segments;
  private final long rollBytes;
  private final Executor loop;
  private final Runnable onFailure;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<Pending> held = new ArrayDeque<>();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final Runnable drainTask =
      () -> {
        drainQueued.set(false);
        drain();
      };
  private final List<Pending> group = new ArrayList<>();
  private int groupBytes;
  private boolean gathering;
  private boolean rolling;
  private long base;
  private long nameBase;
  private String name;
  private long end;
  private long durableEnd;
  private long pendingBytes;
  private boolean failed;
  private StorageException firstFailure;

  LogWriter(
      SegmentStore store, LogSegments segments, long rollBytes, Executor loop, Runnable onFailure) {
    this.store = store;
    this.segments = segments;
    this.rollBytes = rollBytes;
    this.loop = loop;
    this.onFailure = onFailure;
  }

  /**
   * Starts over at the end of the last segment, which starts at global offset {@code base} and is
   * {@code length} bytes long (at start, and after a rebuild).
   */
  void reset(long base, long length) {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("reset with " + pending.size() + " appends in flight");
    }
    this.base = base;
    end = base + length;
    durableEnd = end;
    failed = false;
    firstFailure = null;
  }

  /** Where the next record will start. */
  long end() {
    return end;
  }

  /** The end of the last record reported durable. */
  long durableEnd() {
    return durableEnd;
  }

  long pendingBytes() {
    return pendingBytes;
  }

  boolean idle() {
    return pending.isEmpty();
  }

  boolean failed() {
    return failed;
  }

  /**
   * Submits one encoded record.
   *
   * @return the offset the record starts at
   */
  long append(ByteBuffer record, Completion completion) {
    long offset = end;
    int size = record.remaining();
    Pending p = new Pending(offset, size, completion);
    pending.addLast(p);
    end += size;
    pendingBytes += size;
    if (!rolling && offset - base >= rollBytes) {
      sendGroup(); // the group goes to the segment it was meant for
      roll(offset);
    }
    if (rolling) {
      p.record = record;
      held.addLast(p);
    } else if (gathering && size <= GROUP_BYTES) {
      if (groupBytes + size > GROUP_BYTES) {
        sendGroup();
      }
      p.record = record;
      group.add(p);
      groupBytes += size;
    } else {
      sendGroup();
      submit(p, record);
    }
    return offset;
  }

  /** From now until {@link #release}, records are gathered into one append. */
  void gather() {
    gathering = true;
  }

  /** Sends the records gathered since {@link #gather} as one append. */
  void release() {
    gathering = false;
    sendGroup();
  }

  /** Sends the gathered records: one alone as it is, several as one append of their bytes. */
  private void sendGroup() {
    if (group.isEmpty()) {
      return;
    }
    if (group.size() == 1) {
      Pending p = group.get(0);
      ByteBuffer r = p.record;
      p.record = null;
      group.clear();
      groupBytes = 0;
      submit(p, r);
      return;
    }
    ByteBuffer all = ByteBuffer.allocate(groupBytes);
    Pending[] members = group.toArray(new Pending[0]);
    for (Pending p : members) {
      all.put(p.record.duplicate());
      p.record = null;
      p.segmentBase = base;
    }
    all.flip();
    group.clear();
    groupBytes = 0;
    Pending last = members[members.length - 1];
    long groupEnd = last.offset + last.size;
    store
        .append(segmentName(), all)
        .whenComplete(
            (length, error) -> {
              for (Pending p : members) {
                p.error = error;
                // the segment's length right after this record, as if appended alone
                p.newLength = error == null ? length - (groupEnd - (p.offset + p.size)) : -1;
                p.done = true;
              }
              scheduleDrain();
            });
  }

  private void roll(long newBase) {
    rolling = true;
    store
        .create(segments.nameOf(newBase), Map.of())
        .whenCompleteAsync(
            (info, error) -> {
              rolling = false;
              if (error == null) {
                segments.add(newBase);
                base = newBase;
                while (!held.isEmpty()) {
                  Pending h = held.pollFirst();
                  ByteBuffer r = h.record;
                  h.record = null;
                  submit(h, r);
                }
              } else {
                while (!held.isEmpty()) {
                  Pending h = held.pollFirst();
                  h.record = null;
                  h.done = true;
                  h.error = error;
                }
                drain();
              }
            },
            loop);
  }

  private void submit(Pending p, ByteBuffer record) {
    p.segmentBase = base;
    store
        .append(segmentName(), record)
        .whenComplete(
            (length, error) -> {
              p.error = error;
              p.newLength = error == null ? length : -1;
              p.done = true;
              scheduleDrain();
            });
  }

  /** One loop task per burst of completions, not one per append. */
  private void scheduleDrain() {
    if (drainQueued.compareAndSet(false, true)) {
      try {
        loop.execute(drainTask);
      } catch (RejectedExecutionException e) {
        drainQueued.set(false);
      }
    }
  }

  /** The name of the segment at {@code base} (cached: every append needs it). */
  private String segmentName() {
    if (nameBase != base || name == null) {
      name = segments.nameOf(base);
      nameBase = base;
    }
    return name;
  }

  /** Runs {@code action} on the loop once everything submitted so far is settled. */
  void afterPending(Runnable action) {
    Pending last = pending.peekLast();
    if (last == null) {
      action.run();
    } else {
      if (last.after == null) {
        last.after = new ArrayList<>(2);
      }
      last.after.add(action);
    }
  }

  private void drain() {
    while (!pending.isEmpty() && pending.peekFirst().done) {
      Pending p = pending.pollFirst();
      pendingBytes -= p.size;
      StorageException failure = null;
      boolean justFailed = false;
      if (!failed) {
        if (p.error != null) {
          failure = StorageException.unwrap(p.error);
          if (failure == null) {
            failure =
                new StorageException(
                    StorageError.STORAGE_UNAVAILABLE, "session log append failed", p.error);
          }
        } else if (p.segmentBase + p.newLength != p.offset + p.size) {
          failure =
              new StorageException(
                  StorageError.CORRUPT,
                  "session log record expected to end at "
                      + (p.offset + p.size - p.segmentBase)
                      + " in its segment but the segment is "
                      + p.newLength
                      + " long (another writer?)");
        }
        if (failure != null) {
          failed = true;
          justFailed = true;
          firstFailure = failure;
        } else {
          durableEnd = p.offset + p.size;
        }
      } else {
        failure =
            new StorageException(
                StorageError.STORAGE_UNAVAILABLE,
                "not acknowledged: an earlier session log write failed ("
                    + firstFailure.getMessage()
                    + ")",
                firstFailure);
      }
      p.completion.done(failure);
      if (p.after != null) {
        p.after.forEach(Runnable::run);
      }
      if (justFailed) {
        onFailure.run();
      }
    }
  }
}
