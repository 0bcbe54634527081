package io.sluice.storage.internal.table;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableKey;
import io.sluice.storage.internal.SegmentBackend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one table segment: its sequence of updates, deletes and compaction steps.
 *
 * <p>Updates are pipelined. The sequence checks an update's conditions against the durable index
 * plus the updates still in flight, encodes its record at the length the segment will have once
 * those land, and appends it conditionally on that length; it does not wait for the append before
 * taking the next update. Appends settle in the order they were issued: a successful one is applied
 * to the {@link TableIndex} before its caller hears of it. An update whose outcome would be a
 * failure or a no-op is decided only when nothing is in flight, so it is never judged against a
 * change that might still fail. When an append fails, the appends behind it fail their length
 * condition; they are retried once the sequence has re-read the segment's real end ("resync").
 *
 * <p>Thread-safety: every field below the constructor's is confined to the table's {@link
 * SerialExecutor}; the index is shared with readers (see {@link TableIndex}); {@link #state} is
 * volatile.
 */
final class Table {
  private static final Logger LOG = LoggerFactory.getLogger(Table.class);
  private static final int MAX_ATTEMPTS = 3;

  /** Whether the table can be used. */
  enum State {
    OPEN,
    DELETED,
    CLOSED
  }

  /** An update in flight: the key's entry once the append lands (null: removed). */
  private record Pending(IndexEntry entry, long seq) {}

  /** An append in flight, in issue order. */
  private static final class InFlight {
    final long seq;
    final Update update; // null for a compaction record
    final TableRecord record;
    final List<Long> versions;
    boolean done;
    Throwable error;

    InFlight(long seq, Update update, TableRecord record, List<Long> versions) {
      this.seq = seq;
      this.update = update;
      this.record = record;
      this.versions = versions;
    }
  }

  final String name;
  private final SegmentBackend backend;
  private final RecordReader reader;
  private final TableOptions options;
  private final int maxAppendBytes;
  private final SerialExecutor sequence;
  private final Executor completions;
  private final TableIndex index;
  private final Consumer<Table> onDeleted;
  private volatile State state = State.OPEN;

  private final ArrayDeque<TableOp> ops = new ArrayDeque<>();
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private final Map<Key, Pending> overlay = new HashMap<>();
  private final List<InFlight> held = new ArrayList<>();
  private final List<Update> retry = new ArrayList<>();
  private long projectedLength;
  private long nextSeq;
  private boolean barrier;
  private boolean failed;
  private Throwable roundCause; // the error of the first append that failed since the last resync
  private boolean needsResync;
  private boolean compacting;
  private long compactionEnd;
  private long noCompactionBefore; // after a failed step: wait for this length before retrying

  Table(
      String name,
      SegmentBackend backend,
      RecordReader reader,
      TableOptions options,
      int maxAppendBytes,
      Executor executor,
      TableIndex index,
      Consumer<Table> onDeleted) {
    this.name = name;
    this.backend = backend;
    this.reader = reader;
    this.options = options;
    this.maxAppendBytes = maxAppendBytes;
    this.sequence = new SerialExecutor(executor);
    this.completions = executor;
    this.index = index;
    this.onDeleted = onDeleted;
    this.projectedLength = index.length();
  }

  TableIndex index() {
    return index;
  }

  State state() {
    return state;
  }

  /** The failure for an operation on a table that is no longer open, or null. */
  StorageException unusable() {
    return switch (state) {
      case OPEN -> null;
      case DELETED -> Errors.notFound(name);
      case CLOSED -> Errors.closed();
    };
  }

  /** Queues a put or remove; the future gets the new version of every put entry. */
  CompletableFuture<List<Long>> update(List<Update.Item> items) {
    CompletableFuture<List<Long>> result = new CompletableFuture<>();
    submit(new Update(items, result));
    return result;
  }

  CompletableFuture<Void> delete(boolean mustBeEmpty) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    submit(new TableOp.Delete(mustBeEmpty, result));
    return result;
  }

  /** Starts a compaction if the table (as recovered) has enough dead bytes for one. */
  void compactIfWorthIt() {
    sequence.execute(this::maybeCompact);
  }

  /** Fails everything queued with CLOSED; appends in flight still settle. */
  void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
    }
    sequence.execute(this::pump);
  }

  private void submit(TableOp op) {
    sequence.execute(
        () -> {
          ops.add(op);
          pump();
        });
  }

  // ---------------------------------------------------------------- the sequence's main loop

  private void pump() {
    while (true) {
      if (state != State.OPEN) {
        failQueued(unusable());
        return;
      }
      if (barrier || failed) {
        return; // failed: appends in flight will fail too; resync once they have settled
      }
      if (needsResync) {
        if (inFlight.isEmpty() && (!ops.isEmpty() || !held.isEmpty() || !retry.isEmpty())) {
          resync();
        }
        return;
      }
      TableOp op = ops.peek();
      if (op == null) {
        return;
      }
      if (op instanceof Update u) {
        if (!pumpUpdate(u)) {
          return;
        }
      } else {
        if (!inFlight.isEmpty()) {
          return;
        }
        ops.poll();
        runBarrier(op);
      }
    }
  }

  /** Evaluates the update at the head of the queue; false when it must wait for the pipeline. */
  private boolean pumpUpdate(Update u) {
    long base = projectedLength;
    long position = base + RecordCodec.HEADER_BYTES;
    Map<Key, IndexEntry> local = new HashMap<>();
    List<RecordCodec.Draft> drafts = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    StorageException failure = null;
    for (int i = 0; i < u.items.size(); i++) {
      Update.Item item = u.items.get(i);
      IndexEntry current = local.containsKey(item.key()) ? local.get(item.key()) : view(item.key());
      long expected = item.expected();
      boolean holds =
          expected == TableKey.NO_VERSION
              || (current == null
                  ? expected == TableKey.NOT_EXISTS
                  : expected == current.version());
      if (!holds) {
        failure = Errors.badVersion(name, i, expected, current == null ? -1 : current.version());
        break;
      }
      if (item.value() != null) {
        RecordCodec.Draft d = new RecordCodec.Draft(item.key(), item.value(), 0);
        local.put(item.key(), new IndexEntry(position, position, d.valueLength()));
        versions.add(position);
        drafts.add(d);
        position += d.size();
      } else if (current != null) {
        RecordCodec.Draft d = new RecordCodec.Draft(item.key(), null, 0);
        local.put(item.key(), null);
        drafts.add(d);
        position += d.size();
      }
    }
    if ((failure != null || drafts.isEmpty()) && !inFlight.isEmpty()) {
      return false; // decide only against durable state
    }
    ops.poll();
    if (failure != null) {
      fail(u.result, failure);
    } else if (drafts.isEmpty()) {
      complete(u.result, List.copyOf(versions));
    } else {
      RecordCodec.Encoded enc = RecordCodec.encode(base, TableRecord.Kind.UPDATE, 0, 0, drafts);
      issue(enc, u, List.copyOf(versions));
    }
    return true;
  }

  /** A key's entry as it will be once everything in flight lands. */
  private IndexEntry view(Key key) {
    Pending p = overlay.get(key);
    return p != null ? p.entry() : index.get(key);
  }

  private void issue(RecordCodec.Encoded enc, Update u, List<Long> versions) {
    InFlight f = new InFlight(++nextSeq, u, enc.record(), versions);
    inFlight.add(f);
    for (RecordEntry e : enc.record().entries()) {
      overlay.put(e.key(), new Pending(e.removal() ? null : e.toIndexEntry(), f.seq));
    }
    projectedLength = enc.record().end();
    CompletableFuture<Long> appended;
    try {
      appended = backend.append(name, enc.bytes(), enc.record().offset(), List.of());
    } catch (RuntimeException e) {
      appended = CompletableFuture.failedFuture(e);
    }
    appended.whenComplete((len, e) -> sequence.execute(() -> appended(f, e)));
  }

  private void appended(InFlight f, Throwable error) {
    f.done = true;
    f.error = error == null ? null : Errors.cause(error);
    while (!inFlight.isEmpty() && inFlight.peek().done) {
      settle(inFlight.poll());
    }
    if (inFlight.isEmpty()) {
      overlay.clear();
      if (failed) {
        failed = false;
        needsResync = true;
      }
    }
    pump();
  }

  private void settle(InFlight f) {
    if (f.error == null) {
      if (failed || needsResync) {
        held.add(f);
        return;
      }
      index.apply(f.record);
      for (RecordEntry e : f.record.entries()) {
        Pending p = overlay.get(e.key());
        if (p != null && p.seq() == f.seq) {
          overlay.remove(e.key());
        }
      }
      finish(f);
      return;
    }
    boolean cascade = StorageException.is(f.error, StorageError.BAD_OFFSET);
    if (!failed) {
      failed = true;
      roundCause = f.error;
      cascade = false; // the first failure of a round was issued at the true end: its own fault
    }
    if (f.update == null) {
      compactionFailed();
      LOG.warn("table '{}': compaction step failed: {}", name, f.error.toString());
    } else if (cascade) {
      // Issued behind an append that failed, so its offset was wrong through no fault of its own:
      // retry it a few times, then report what made the round fail (BACKPRESSURE, say), never
      // the BAD_OFFSET the caller could not have caused.
      if (++f.update.attempts < MAX_ATTEMPTS) {
        retry.add(f.update);
      } else {
        fail(f.update.result, roundCause);
      }
    } else {
      fail(f.update.result, f.error);
    }
  }

  /** Completes a landed append's caller (or continues compaction). */
  private void finish(InFlight f) {
    if (f.update != null) {
      complete(f.update.result, f.versions);
      maybeCompact();
    } else {
      truncateAfterCompaction(f.record.cut());
    }
  }

  // ---------------------------------------------------------------- resync after a failed append

  /** Re-reads the segment's end after a failed append, then lets waiting work through. */
  private void resync() {
    barrier = true;
    CompletableFuture<Void> done;
    try {
      done = backend.info(name).thenCompose(info -> catchUp(info.length()));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((v, e) -> sequence.execute(() -> resynced(e)));
  }

  private CompletableFuture<Void> catchUp(long to) {
    long from = index.length();
    if (from > to) {
      return CompletableFuture.failedFuture(
          RecordCodec.corrupt(name, to, "segment is shorter than the table's index"));
    }
    if (from == to) {
      return CompletableFuture.completedFuture(null);
    }
    return reader
        .records(name, from, to, options.readChunkBytes(), false)
        .thenCompose(
            records -> {
              CompletableFuture<Void> applied = new CompletableFuture<>();
              sequence.execute(
                  () -> {
                    try {
                      records.forEach(index::apply);
                      applied.complete(null);
                    } catch (RuntimeException e) {
                      applied.completeExceptionally(e);
                    }
                  });
              return applied;
            })
        .thenCompose(v -> catchUp(to));
  }

  private void resynced(Throwable error) {
    barrier = false;
    for (InFlight f : held) {
      if (f.update != null) {
        complete(f.update.result, f.versions);
      } else {
        compacting = false;
      }
    }
    held.clear();
    if (error == null) {
      needsResync = false;
      projectedLength = index.length();
      for (int i = retry.size() - 1; i >= 0; i--) {
        ops.addFirst(retry.get(i));
      }
    } else {
      Throwable cause = Errors.cause(error);
      LOG.warn("table '{}': could not re-read the segment's end: {}", name, cause.toString());
      if (StorageException.is(cause, StorageError.SEGMENT_NOT_FOUND)) {
        markDeleted();
      }
      for (Update u : retry) {
        fail(u.result, cause);
      }
      while (!ops.isEmpty()) {
        failOp(ops.poll(), cause);
      }
    }
    retry.clear();
    pump();
  }

  // ---------------------------------------------------------------- barriers: delete, compaction

  private void runBarrier(TableOp op) {
    switch (op) {
      case TableOp.Delete d -> runDelete(d);
      case TableOp.CompactStep s -> runCompactStep(s);
      case Update u -> throw new IllegalStateException("not a barrier: " + u);
    }
  }

  private void runDelete(TableOp.Delete d) {
    if (d.mustBeEmpty() && index.snapshot().keyCount() > 0) {
      fail(
          d.result(),
          new StorageException(
              StorageError.TABLE_NOT_EMPTY, "table segment '" + name + "' is not empty"));
      return;
    }
    barrier = true;
    CompletableFuture<Void> deleted;
    try {
      deleted = backend.delete(name);
    } catch (RuntimeException e) {
      deleted = CompletableFuture.failedFuture(e);
    }
    deleted.whenComplete(
        (v, e) ->
            sequence.execute(
                () -> {
                  barrier = false;
                  Throwable cause = e == null ? null : Errors.cause(e);
                  if (cause == null || StorageException.is(cause, StorageError.SEGMENT_NOT_FOUND)) {
                    markDeleted();
                  }
                  if (cause == null) {
                    complete(d.result(), null);
                  } else {
                    fail(d.result(), cause);
                  }
                  pump();
                }));
  }

  private void markDeleted() {
    if (state == State.OPEN) {
      state = State.DELETED;
    }
    compacting = false;
    onDeleted.accept(this);
  }

  private void maybeCompact() {
    if (compacting || state != State.OPEN) {
      return;
    }
    TableIndex.Snapshot s = index.snapshot();
    if (s.length() < noCompactionBefore) {
      return;
    }
    if (options.shouldCompact(s.deadBytes(), s.length() - s.head())) {
      compacting = true;
      compactionEnd = s.length();
      LOG.trace(
          "table '{}': compacting {} dead of {} bytes", name, s.deadBytes(), s.length() - s.head());
      nextCompactionStep();
    }
  }

  /** Reads the next stretch of the head (outside the sequence), then queues its step. */
  private void nextCompactionStep() {
    long head = index.snapshot().head();
    if (head >= compactionEnd || state != State.OPEN) {
      compacting = false;
      maybeCompact(); // writes during the run may have left enough dead bytes for another
      return;
    }
    reader
        .records(name, head, compactionEnd, options.compactionStepBytes(), true)
        .whenComplete(
            (records, e) ->
                sequence.execute(
                    () -> {
                      if (e != null) {
                        compactionFailed();
                        LOG.warn("table '{}': compaction read failed: {}", name, e.toString());
                        return;
                      }
                      ops.add(new TableOp.CompactStep(records));
                      pump();
                    }));
  }

  /**
   * Copies the live entries of the oldest records into one compaction record, keeping their
   * versions, and issues it (nothing else is in flight); the segment is truncated once it lands.
   */
  private void runCompactStep(TableOp.CompactStep step) {
    TableIndex.Snapshot s = index.snapshot();
    if (step.records().isEmpty() || step.records().get(0).offset() != s.head()) {
      compacting = false;
      return;
    }
    CompactionPlan plan =
        CompactionPlan.of(step.records(), index, s.head(), s.lowWater(), maxAppendBytes);
    RecordCodec.Encoded enc =
        RecordCodec.encode(
            projectedLength,
            TableRecord.Kind.COMPACTION,
            plan.cut(),
            plan.compactedThrough(),
            plan.copies());
    issue(enc, null, List.of());
  }

  /** Stops the run; the next one waits until the table has grown by a step's worth. */
  private void compactionFailed() {
    compacting = false;
    noCompactionBefore =
        index.length() + Math.max(options.compactionMinDeadBytes(), options.compactionStepBytes());
  }

  /**
   * Moves the index's head to the cut at once (the data before it is dead from the moment the
   * compaction record is durable, so readers must not start below it), then frees the space.
   */
  private void truncateAfterCompaction(long cut) {
    index.truncated(cut);
    CompletableFuture<Void> truncated;
    try {
      truncated = backend.truncate(name, cut);
    } catch (RuntimeException e) {
      truncated = CompletableFuture.failedFuture(e);
    }
    truncated.whenComplete(
        (v, e) ->
            sequence.execute(
                () -> {
                  if (e != null) {
                    // recovery truncates at the cut the compaction record names
                    compactionFailed();
                    LOG.warn("table '{}': truncation to {} failed: {}", name, cut, e.toString());
                  } else if (compacting) {
                    nextCompactionStep();
                  }
                }));
  }

  // ---------------------------------------------------------------- completing callers

  private void failQueued(StorageException error) {
    for (InFlight f : held) {
      if (f.update != null) {
        complete(f.update.result, f.versions); // durable, though the index never saw it
      }
    }
    held.clear();
    while (!ops.isEmpty()) {
      failOp(ops.poll(), error);
    }
    for (Update u : retry) {
      fail(u.result, error);
    }
    retry.clear();
  }

  private void failOp(TableOp op, Throwable error) {
    switch (op) {
      case Update u -> fail(u.result, error);
      case TableOp.Delete d -> fail(d.result(), error);
      case TableOp.CompactStep s -> compacting = false;
    }
  }

  /** Completes a caller's future off the sequence, so its continuations cannot stall the table. */
  private <T> void complete(CompletableFuture<T> f, T value) {
    try {
      completions.execute(() -> f.complete(value));
    } catch (RejectedExecutionException e) {
      f.complete(value);
    }
  }

  private <T> void fail(CompletableFuture<T> f, Throwable error) {
    try {
      completions.execute(() -> f.completeExceptionally(error));
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(error);
    }
  }
}
