package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The MVCC store's records in one table segment of the storage engine (layout: {@link
 * RecordCodec}). Every future completes once the change is durable. A write refused with {@link
 * StorageError#BACKPRESSURE} is retried after a short pause: change records have distinct keys, so
 * retries cannot reorder anything that matters. Change records of concurrent revisions are merged
 * into few table updates ({@link WriteCoalescer}). Thread-safe.
 */
public final class MvccStorage {
  private static final int PAGE = 1024;
  private static final int MAX_RETRIES = 2000;

  private final TableStore tables;
  private final String table;
  private final ScheduledExecutorService retryTimer;
  private final WriteCoalescer changeWriter;

  public MvccStorage(TableStore tables, String table, ScheduledExecutorService retryTimer) {
    this.tables = tables;
    this.table = table;
    this.retryTimer = retryTimer;
    this.changeWriter =
        new WriteCoalescer(entries -> retrying(() -> tables.put(table, entries)), 4, 1 << 20);
  }

  /** Creates the table if it does not exist yet; blocking, called once at start. */
  public void createIfMissing() {
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

  /** Reads every record (blocking; called once at start, before serving). */
  public void recover(Visitor v) {
    ByteBuffer cont = null;
    do {
      TablePage<TableEntry> page = tables.entries(table, cont, PAGE).join();
      for (TableEntry e : page.items()) {
        ByteBuffer k = e.key();
        ByteBuffer val = e.value();
        if (RecordCodec.isChangeKey(k)) {
          v.change(RecordCodec.decodeChange(k, val, false));
        } else if (RecordCodec.isLeaseKey(k)) {
          v.lease(
              RecordCodec.leaseIdOf(k),
              val.getLong(val.position()),
              val.getLong(val.position() + 8));
        } else if (RecordCodec.isMetaKey(k, 'M')) {
          v.identity(val.getLong(val.position()), val.getLong(val.position() + 8));
        } else if (RecordCodec.isMetaKey(k, 'C')) {
          v.compaction(val.getLong(val.position()), val.getLong(val.position() + 8));
        }
      }
      cont = page.continuation();
    } while (cont != null);
  }

  /** Writes the changes of one revision (and optional lease records) atomically. */
  public CompletableFuture<Void> writeChanges(List<KeyRev> changes, long origin) {
    List<TableEntry> entries = new ArrayList<>(changes.size());
    for (KeyRev kr : changes) {
      entries.add(
          TableEntry.unversioned(
              RecordCodec.changeKey(kr.modRev(), kr.sub()), RecordCodec.encodeChange(kr, origin)));
    }
    return changeWriter.submit(entries);
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
            retryTimer.schedule(() -> attempt(op, result, n + 1), 2, TimeUnit.MILLISECONDS);
          } else {
            result.completeExceptionally(t);
          }
        });
  }
}
