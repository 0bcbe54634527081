package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The MVCC store's records in one table segment of the storage engine (layout: {@link
 * RecordCodec}), with change records made durable first in a plain segment ({@link ChangeLog}) and
 * written to the table behind it ({@link TableBehind}). Every future completes once the change is
 * durable. A write refused with {@link StorageError#BACKPRESSURE} is retried after a short pause:
 * change records have distinct keys, so retries cannot reorder anything that matters. Thread-safe.
 */
public final class MvccStorage {
  private static final int PAGE = 1024;
  static final int MAX_RETRIES = 2000;
  static final long RETRY_PAUSE_MILLIS = 2;

  /** How far (bytes of change records) the table may fall behind the change log. */
  static final long MAX_TABLE_LAG_BYTES = 64L << 20;

  /**
   * How late a change may reach the table when writes are few (full 1 MiB batches go at once). Each
   * table batch is one more forced log write and a chain of wake-ups on other threads, and a put
   * that reaches the log writer while it writes and forces a table batch waits for that force: at 5
   * ms a single client's ~2,000 puts/s came with ~200 table batches a second, at 50 ms with ~20
   * (about 1% of the puts, i.e. the p99). At 1 s a single client makes one table batch a second or
   * so; under load the 1 MiB batches go first anyway. The price is up to a second more of the
   * change log to replay at start and of values held in memory (both bounded by the lag limit).
   */
  static final long TABLE_DELAY_MILLIS = 1000;

  private final TableStore tables;
  private final String table;
  private final ScheduledExecutorService retryTimer;
  private final ChangeLog log;
  private final TableBehind behind;
  private volatile Consumer<KeyRev> applied = kr -> {};

  /**
   * @param table the table segment of the records
   * @param changeLog the plain segment of the change log
   */
  public MvccStorage(
      SegmentStore segments,
      TableStore tables,
      String table,
      String changeLog,
      ScheduledExecutorService retryTimer) {
    this(segments, tables, table, changeLog, retryTimer, TABLE_DELAY_MILLIS);
  }

  /** As above, writing the table at most {@code tableDelayMillis} after a change is durable. */
  MvccStorage(
      SegmentStore segments,
      TableStore tables,
      String table,
      String changeLog,
      ScheduledExecutorService retryTimer,
      long tableDelayMillis) {
    this.tables = tables;
    this.table = table;
    this.retryTimer = retryTimer;
    this.log = new ChangeLog(segments, changeLog, retryTimer);
    this.behind =
        new TableBehind(
            entries -> retrying(() -> tables.put(table, entries)).thenApply(v -> null),
            log,
            retryTimer,
            kr -> applied.accept(kr),
            tableDelayMillis,
            1 << 20,
            MAX_TABLE_LAG_BYTES);
  }

  /**
   * Completes when a new write may start: at once, unless the table has fallen more than {@link
   * #MAX_TABLE_LAG_BYTES} behind the change log (then once it has caught up to half of that), so
   * the records and cached values waiting for the table stay bounded.
   */
  public CompletableFuture<Void> room() {
    return behind.room();
  }

  /** Called for each change record once it is in the table (its value may leave memory). */
  public void setAppliedListener(Consumer<KeyRev> listener) {
    this.applied = listener;
  }

  /** Completes once every change written before the call is in the table (not only durable). */
  public CompletableFuture<Void> tableCaughtUp() {
    return behind.flush();
  }

  /** Creates the table and the change log if they do not exist yet; blocking, called at start. */
  public void createIfMissing() {
    log.createIfMissing();
    try {
      tables.create(table).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
  }

  /** Receives the stored records at recovery, changes in revision order. */
  public interface Visitor {
    void change(KeyRev kr);

    void lease(long id, long ttlSeconds, long deadlineMillis);

    void identity(long memberId, long clusterId);

    void compaction(long compactRev, long revisionAtCompaction);
  }

  /**
   * Reads every record (blocking; called once at start, before serving): the table's, then the
   * changes only the change log holds (written to the table now, so a value read finds them).
   * Changes at or below the recorded compaction are in the table already (compaction waits for
   * {@link #tableCaughtUp}) or compacted away, so the log's copies of them are skipped.
   */
  public void recover(Visitor v) {
    TreeMap<ByteBuffer, ByteBuffer> logged =
        new TreeMap<>(
            Comparator.comparingLong((ByteBuffer b) -> b.getLong(b.position()))
                .thenComparingInt(b -> b.getInt(b.position() + 8)));
    log.replay(
        (k, rec) -> {
          ByteBuffer key = ByteBuffer.allocate(12).put(k.duplicate()).flip();
          ByteBuffer copy = ByteBuffer.allocate(rec.remaining()).put(rec.duplicate()).flip();
          logged.put(key, copy);
        });
    long[] compactRev = {-1};
    ByteBuffer cont = null;
    do {
      TablePage<TableEntry> page = tables.entries(table, cont, PAGE).join();
      for (TableEntry e : page.items()) {
        ByteBuffer k = e.key();
        ByteBuffer val = e.value();
        if (RecordCodec.isChangeKey(k)) {
          logged.remove(k);
          v.change(RecordCodec.decodeChange(k, val, false));
        } else if (RecordCodec.isLeaseKey(k)) {
          v.lease(
              RecordCodec.leaseIdOf(k),
              val.getLong(val.position()),
              val.getLong(val.position() + 8));
        } else if (RecordCodec.isMetaKey(k, 'M')) {
          v.identity(val.getLong(val.position()), val.getLong(val.position() + 8));
        } else if (RecordCodec.isMetaKey(k, 'C')) {
          compactRev[0] = val.getLong(val.position());
          v.compaction(compactRev[0], val.getLong(val.position() + 8));
        }
      }
      cont = page.continuation();
    } while (cont != null);
    List<TableEntry> replayed = new ArrayList<>();
    for (var e : logged.entrySet()) {
      if (e.getKey().getLong(0) > compactRev[0]) {
        v.change(RecordCodec.decodeChange(e.getKey(), e.getValue(), false));
        replayed.add(TableEntry.unversioned(e.getKey(), e.getValue()));
      }
    }
    for (int i = 0; i < replayed.size(); i += PAGE) {
      List<TableEntry> batch = replayed.subList(i, Math.min(replayed.size(), i + PAGE));
      retrying(() -> tables.put(table, batch)).join();
    }
  }

  /**
   * Writes the changes of one revision atomically, in the change log's order of calls (call in
   * revision order, under the writer's lock): the future completes (on the thread that completes
   * the storage append: the engine's log writer, or the caller when the engine writes inline) once
   * they are durable in the change log; the table gets them behind it.
   */
  public CompletableFuture<Void> writeChanges(List<KeyRev> changes, long origin) {
    List<TableEntry> entries = new ArrayList<>(changes.size());
    List<ByteBuffer> logEntries = new ArrayList<>(changes.size());
    for (KeyRev kr : changes) {
      ByteBuffer entry = ChangeLog.changeEntry(kr, origin);
      entries.add(TableEntry.unversioned(ChangeLog.keyOf(entry), ChangeLog.recordOf(entry)));
      logEntries.add(entry);
    }
    WriteCoalescer.Submission<Long> s = log.append(logEntries);
    CompletableFuture<Void> durable =
        s.done()
            .thenApply(
                end -> {
                  behind.add(entries, changes, end);
                  return null;
                });
    s.issue().run();
    return durable;
  }

  /** Writes what is waiting for the table (best effort, bounded wait; called at close). */
  public void close() {
    try {
      behind.flush().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // the change log holds whatever did not reach the table; the next start replays it
    }
  }

  public CompletableFuture<Void> putLease(long id, long ttlSeconds, long deadlineMillis) {
    TableEntry e =
        TableEntry.unversioned(
            RecordCodec.leaseKey(id), RecordCodec.twoLongs(ttlSeconds, deadlineMillis));
    return retrying(() -> tables.put(table, List.of(e))).thenApply(v -> null);
  }

  public CompletableFuture<Void> removeLease(long id) {
    return retrying(
        () -> tables.remove(table, List.of(TableKey.unversioned(RecordCodec.leaseKey(id)))));
  }

  public CompletableFuture<Void> putMeta(char kind, long a, long b) {
    TableEntry e = TableEntry.unversioned(RecordCodec.metaKey(kind), RecordCodec.twoLongs(a, b));
    return retrying(() -> tables.put(table, List.of(e))).thenApply(v -> null);
  }

  /** Removes the records of compacted-away revisions, in batches. */
  public CompletableFuture<Void> removeChanges(List<KeyRev> removed) {
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (int i = 0; i < removed.size(); i += PAGE) {
      List<TableKey> batch = new ArrayList<>();
      for (KeyRev kr : removed.subList(i, Math.min(removed.size(), i + PAGE))) {
        batch.add(TableKey.unversioned(RecordCodec.changeKey(kr.modRev(), kr.sub())));
      }
      all = all.thenCompose(v -> retrying(() -> tables.remove(table, batch)));
    }
    return all;
  }

  /** Reads the values of the given revisions (cached ones are not read again). */
  public CompletableFuture<List<ByteString>> values(List<KeyRev> revs) {
    List<ByteString> out = new ArrayList<>(revs.size());
    List<ByteBuffer> missing = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    for (int i = 0; i < revs.size(); i++) {
      KeyRev kr = revs.get(i);
      ByteString v = kr.cachedValue();
      out.add(v);
      if (v == null) {
        missing.add(RecordCodec.changeKey(kr.modRev(), kr.sub()));
        where.add(i);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(out);
    }
    return tables
        .get(table, missing)
        .thenApply(
            found -> {
              for (int j = 0; j < found.size(); j++) {
                TableEntry e = found.get(j);
                int i = where.get(j);
                if (e == null) {
                  throw new StorageException(
                      StorageError.SEGMENT_NOT_FOUND,
                      "MVCC record of " + revs.get(i) + " is missing (compacted meanwhile?)");
                }
                out.set(i, RecordCodec.valueOf(e.value()));
              }
              return out;
            });
  }

  private <T> CompletableFuture<T> retrying(Supplier<CompletableFuture<T>> op) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(op, result, 0);
    return result;
  }

  private <T> void attempt(Supplier<CompletableFuture<T>> op, CompletableFuture<T> result, int n) {
    CompletableFuture<T> f;
    try {
      f = op.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (v, t) -> {
          if (t == null) {
            result.complete(v);
          } else if (StorageException.is(t, StorageError.BACKPRESSURE) && n < MAX_RETRIES) {
            retryTimer.schedule(
                () -> attempt(op, result, n + 1), RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
          } else {
            result.completeExceptionally(t);
          }
        });
  }
}
