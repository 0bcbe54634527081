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
  private static final long MAX_READ_GAP = 4 << 10;
  private static final long MAX_READ_SPAN = 256 << 10;

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
    List<Map.Entry<Key, IndexEntry>> present = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      if (found.get(i) != null) {
        present.add(Map.entry(keys.get(i), found.get(i)));
      }
    }
    List<CompletableFuture<TableEntry>> values = readAll(t, present);
    List<CompletableFuture<TableEntry>> reads = new ArrayList<>(keys.size());
    int next = 0;
    for (int i = 0; i < keys.size(); i++) {
      reads.add(
          found.get(i) == null ? CompletableFuture.completedFuture(null) : values.get(next++));
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
    return all(readAll(t, page.items()))
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

  /**
   * Reads the values of many entries with few backend reads: values close to each other in the
   * segment (as the entries of one batch are) are read as one stretch and sliced.
   */
  private List<CompletableFuture<TableEntry>> readAll(
      Table t, List<Map.Entry<Key, IndexEntry>> items) {
    int n = items.size();
    List<CompletableFuture<TableEntry>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new CompletableFuture<>());
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Long.compare(valueOffset(items.get(a)), valueOffset(items.get(b))));
    int i = 0;
    while (i < n) {
      long from = valueOffset(items.get(order.get(i)));
      long end = from + items.get(order.get(i)).getValue().valueLength();
      int j = i;
      while (j + 1 < n) {
        Map.Entry<Key, IndexEntry> next = items.get(order.get(j + 1));
        long at = valueOffset(next);
        long nextEnd = at + next.getValue().valueLength();
        if (at - end > MAX_READ_GAP || nextEnd - from > MAX_READ_SPAN) {
          break;
        }
        end = Math.max(end, nextEnd);
        j++;
      }
      List<Integer> group = List.copyOf(order.subList(i, j + 1));
      long groupStart = from;
      reader
          .bytes(t.name, from, (int) (end - from))
          .whenComplete(
              (buf, e) -> {
                for (int k : group) {
                  Map.Entry<Key, IndexEntry> item = items.get(k);
                  CompletableFuture<TableEntry> result =
                      e == null
                          ? CompletableFuture.completedFuture(
                              new TableEntry(
                                  item.getKey().toBuffer(),
                                  buf.slice(
                                          (int) (valueOffset(item) - groupStart),
                                          item.getValue().valueLength())
                                      .asReadOnlyBuffer(),
                                  item.getValue().version()))
                          : truncated(e)
                              ? read(t, item.getKey(), t.index().get(item.getKey()), 1)
                              : CompletableFuture.failedFuture(Errors.cause(e));
                  result.whenComplete(
                      (v, x) -> {
                        if (x != null) {
                          out.get(k).completeExceptionally(x);
                        } else {
                          out.get(k).complete(v);
                        }
                      });
                }
              });
      i = j + 1;
    }
    return out;
  }

  private static long valueOffset(Map.Entry<Key, IndexEntry> e) {
    return e.getValue().valueOffset(e.getKey().length());
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
