package io.sluice.storage.internal.table;

import io.sluice.storage.ChangePage;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The read side of the table layer: lookups, key-order pages and the change feed, served from the
 * durable {@link TableIndex} and the segment's bytes, without entering the table's sequence.
 *
 * <p>A value is read from where the index says it is; when compaction has moved it (the read hits
 * truncated bytes), the key is looked up again. Pages are bounded by count and by bytes. Stateless
 * and thread-safe.
 */
final class TableReads {
  private static final int MAX_ATTEMPTS = 8;

  private final RecordReader reader;
  private final TableOptions options;
  private final long maxPageBytes;

  TableReads(RecordReader reader, TableOptions options, int maxAppendBytes) {
    this.reader = reader;
    this.options = options;
    this.maxPageBytes = maxAppendBytes;
  }

  CompletableFuture<List<TableEntry>> get(Table t, List<Key> keys) {
    List<IndexEntry> found = t.index().getAll(keys);
    List<CompletableFuture<TableEntry>> reads = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      reads.add(read(t, keys.get(i), found.get(i), 0));
    }
    return all(reads);
  }

  CompletableFuture<TablePage<TableKey>> keys(Table t, ContinuationToken start, int maxCount) {
    TableIndex.Page page = t.index().page(start, maxCount, maxPageBytes, false);
    List<TableKey> items = new ArrayList<>(page.items().size());
    for (Map.Entry<Key, IndexEntry> e : page.items()) {
      items.add(new TableKey(e.getKey().toBuffer(), e.getValue().version()));
    }
    return CompletableFuture.completedFuture(new TablePage<>(items, continuation(page)));
  }

  CompletableFuture<TablePage<TableEntry>> entries(Table t, ContinuationToken start, int maxCount) {
    TableIndex.Page page = t.index().page(start, maxCount, maxPageBytes, true);
    List<CompletableFuture<TableEntry>> reads = new ArrayList<>(page.items().size());
    for (Map.Entry<Key, IndexEntry> e : page.items()) {
      reads.add(read(t, e.getKey(), e.getValue(), 0));
    }
    return all(reads)
        .thenApply(
            list -> {
              List<TableEntry> items = new ArrayList<>(list.size());
              for (TableEntry e : list) {
                if (e != null) {
                  items.add(e); // null: removed while the page was read
                }
              }
              return new TablePage<>(items, continuation(page));
            });
  }

  TableInfo info(Table t) {
    TableIndex.Snapshot s = t.index().snapshot();
    return new TableInfo(t.name, s.keyCount(), s.lastVersion());
  }

  /**
   * The changes at positions after {@code from}: the entries of the segment in order, skipping
   * compaction copies of entries at or before {@code from} (the caller has seen them).
   */
  CompletableFuture<ChangePage> changes(Table t, long from, int maxCount) {
    return changes(t, from, maxCount, 0);
  }

  private CompletableFuture<ChangePage> changes(Table t, long from, int maxCount, int attempt) {
    TableIndex.Snapshot s = t.index().snapshot();
    if (from != 0 && from < s.lowWater()) {
      return CompletableFuture.failedFuture(Errors.compacted(t.name, from, s.lowWater()));
    }
    long start = t.index().readStart(from);
    Scan scan = new Scan(t, from, maxCount, s.length());
    return scan.run(start)
        .exceptionallyCompose(
            e -> {
              if (attempt < MAX_ATTEMPTS && truncated(e)) {
                return changes(t, from, maxCount, attempt + 1); // compaction moved the head
              }
              return CompletableFuture.failedFuture(Errors.cause(e));
            });
  }

  /** One pass of {@link #changes} over the records after a start offset. */
  private final class Scan {
    private final Table t;
    private final long from;
    private final int maxCount;
    private final long end;
    private final List<TableChange> changes = new ArrayList<>();
    private long next;
    private long valueBytes;
    private long scanned;

    Scan(Table t, long from, int maxCount, long end) {
      this.t = t;
      this.from = from;
      this.maxCount = maxCount;
      this.end = end;
      this.next = from;
    }

    CompletableFuture<ChangePage> run(long offset) {
      if (offset >= end) {
        return CompletableFuture.completedFuture(new ChangePage(List.copyOf(changes), next));
      }
      return reader
          .records(t.name, offset, end, options.readChunkBytes(), true)
          .thenCompose(
              records -> {
                long at = offset;
                for (TableRecord r : records) {
                  for (RecordEntry e : r.entries()) {
                    if (e.position() <= from) {
                      continue;
                    }
                    if (e.version() > from) {
                      changes.add(new TableChange(e.key().toBuffer(), e.value(), e.version()));
                      valueBytes += e.valueLength() + e.key().length();
                    }
                    next = e.position();
                    if (changes.size() >= maxCount || valueBytes >= maxPageBytes) {
                      return CompletableFuture.completedFuture(
                          new ChangePage(List.copyOf(changes), next));
                    }
                  }
                  at = r.end();
                  scanned += r.length();
                }
                if (scanned >= 4L * options.readChunkBytes() && !changes.isEmpty()) {
                  return CompletableFuture.completedFuture(
                      new ChangePage(List.copyOf(changes), next));
                }
                return run(at);
              });
    }
  }

  /** Reads one value; looks the key up again when compaction moved it meanwhile. */
  private CompletableFuture<TableEntry> read(Table t, Key key, IndexEntry entry, int attempt) {
    if (entry == null) {
      return CompletableFuture.completedFuture(null);
    }
    return reader
        .bytes(t.name, entry.valueOffset(key.length()), entry.valueLength())
        .thenApply(v -> new TableEntry(key.toBuffer(), v, entry.version()))
        .exceptionallyCompose(
            e -> {
              if (attempt < MAX_ATTEMPTS && truncated(e)) {
                return read(t, key, t.index().get(key), attempt + 1);
              }
              return CompletableFuture.failedFuture(Errors.cause(e));
            });
  }

  private static boolean truncated(Throwable e) {
    return StorageException.is(e, StorageError.SEGMENT_TRUNCATED);
  }

  private static ByteBuffer continuation(TableIndex.Page page) {
    if (!page.more() || page.items().isEmpty()) {
      return null;
    }
    return ContinuationToken.after(page.items().get(page.items().size() - 1).getKey());
  }

  private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> reads) {
    return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
        .thenApply(
            v -> {
              List<T> out = new ArrayList<>(reads.size());
              for (CompletableFuture<T> r : reads) {
                out.add(r.join());
              }
              return out;
            });
  }
}
