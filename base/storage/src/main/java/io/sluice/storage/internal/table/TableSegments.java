package io.sluice.storage.internal.table;

import io.sluice.storage.ChangePage;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import io.sluice.storage.internal.SegmentBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table layer: every table segment is the backend segment of the same name, holding a log of
 * records (one per update call, see {@code package-info.java}), and an in-memory index of its live
 * keys rebuilt by {@link #recover()}. This class checks arguments, finds the table, and hands the
 * work to the table's sequence ({@link Table}) for updates or to {@link TableReads} for reads.
 *
 * <p>Thread-safe. Tasks run on virtual threads; every table's updates are sequenced separately, so
 * different tables proceed in parallel.
 */
public final class TableSegments implements TableStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableSegments.class);

  private final SegmentBackend backend;
  private final StorageConfig config;
  private final TableOptions options;
  private final RecordReader reader;
  private final TableReads reads;
  private final ExecutorService executor;
  private final Map<String, Table> tables = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public TableSegments(SegmentBackend backend, StorageConfig config) {
    this(backend, config, TableOptions.DEFAULTS);
  }

  public TableSegments(SegmentBackend backend, StorageConfig config, TableOptions options) {
    this.backend = backend;
    this.config = config;
    this.options = options;
    this.reader = new RecordReader(backend, config);
    this.reads = new TableReads(reader, options, config.maxAppendBytes());
    this.executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sluice-table-", 0).factory());
  }

  /**
   * Rebuilds every table's index by reading its segment from the start offset to the end, and
   * finishes a compaction step that was cut short before its truncation. Blocking; called once,
   * after the backend recovered and before the store is used.
   *
   * @throws StorageException CORRUPT naming the table and offset of a malformed record
   */
  public void recover() {
    long keys = 0;
    int count = 0;
    for (String name : join(backend.list(""))) {
      SegmentInfo info;
      try {
        info = join(backend.info(name));
      } catch (StorageException e) {
        if (e.error() == StorageError.SEGMENT_NOT_FOUND) {
          continue;
        }
        throw e;
      }
      if (info.type() == SegmentType.TABLE) {
        Table t = recover(info);
        keys += t.index().snapshot().keyCount();
        count++;
      }
    }
    LOG.info("recovered {} table segments holding {} keys", count, keys);
  }

  private Table recover(SegmentInfo info) {
    String name = info.name();
    TableIndex index = new TableIndex(info.startOffset(), options.markGapBytes());
    long position = info.startOffset();
    long cut = 0;
    while (position < info.length()) {
      for (TableRecord r :
          join(reader.records(name, position, info.length(), options.readChunkBytes(), false))) {
        index.apply(r);
        if (r.kind() == TableRecord.Kind.COMPACTION) {
          cut = Math.max(cut, r.cut());
        }
        position = r.end();
      }
    }
    if (cut > info.startOffset()) {
      join(backend.truncate(name, cut)); // a compaction step logged but not yet truncated
      index.truncated(cut);
    }
    Table t = newTable(name, index);
    tables.put(name, t);
    t.compactIfWorthIt();
    return t;
  }

  @Override
  public CompletableFuture<Void> create(String table) {
    if (closed) {
      return Errors.failed(Errors.closed());
    }
    if (table == null) {
      return Errors.failed(Errors.invalid("table name is null"));
    }
    return backend
        .create(table, SegmentType.TABLE, Map.of())
        .thenApply(
            info -> {
              Table t = newTable(table, new TableIndex(info.startOffset(), options.markGapBytes()));
              tables.put(table, t);
              if (closed) {
                t.close();
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<Void> delete(String table, boolean mustBeEmpty) {
    return withTable(table, t -> t.delete(mustBeEmpty));
  }

  @Override
  public CompletableFuture<List<Long>> put(String table, List<TableEntry> entries) {
    if (entries == null) {
      return Errors.failed(Errors.invalid("entries are null"));
    }
    List<Update.Item> items = new ArrayList<>(entries.size());
    long bytes = RecordCodec.HEADER_BYTES;
    for (TableEntry e : entries) {
      if (e == null) {
        return Errors.failed(Errors.invalid("null entry"));
      }
      StorageException bad = checkKey(e.key());
      if (bad != null) {
        return Errors.failed(bad);
      }
      bytes += RecordCodec.entrySize(e.key().remaining(), e.value().remaining());
      items.add(new Update.Item(Key.copyOf(e.key()), e.value().duplicate(), e.version()));
    }
    if (bytes > config.maxAppendBytes()) {
      return Errors.failed(tooLarge(bytes));
    }
    return withTable(table, t -> items.isEmpty() ? done(List.of()) : t.update(items));
  }

  @Override
  public CompletableFuture<Void> remove(String table, List<TableKey> keys) {
    if (keys == null) {
      return Errors.failed(Errors.invalid("keys are null"));
    }
    List<Update.Item> items = new ArrayList<>(keys.size());
    long bytes = RecordCodec.HEADER_BYTES;
    for (TableKey k : keys) {
      if (k == null) {
        return Errors.failed(Errors.invalid("null key"));
      }
      StorageException bad = checkKey(k.key());
      if (bad != null) {
        return Errors.failed(bad);
      }
      bytes += RecordCodec.entrySize(k.key().remaining(), 0);
      items.add(new Update.Item(Key.copyOf(k.key()), null, k.version()));
    }
    if (bytes > config.maxAppendBytes()) {
      return Errors.failed(tooLarge(bytes));
    }
    return withTable(
        table, t -> items.isEmpty() ? done(null) : t.update(items).thenApply(v -> null));
  }

  @Override
  public CompletableFuture<List<TableEntry>> get(String table, List<ByteBuffer> keys) {
    if (keys == null) {
      return Errors.failed(Errors.invalid("keys are null"));
    }
    List<Key> ks = new ArrayList<>(keys.size());
    for (ByteBuffer k : keys) {
      StorageException bad = checkKey(k);
      if (bad != null) {
        return Errors.failed(bad);
      }
      ks.add(Key.copyOf(k));
    }
    return withTable(table, t -> reads.get(t, ks));
  }

  @Override
  public CompletableFuture<TablePage<TableKey>> keys(
      String table, ByteBuffer continuation, int maxCount) {
    return page(table, continuation, maxCount, (t, start) -> reads.keys(t, start, maxCount));
  }

  @Override
  public CompletableFuture<TablePage<TableEntry>> entries(
      String table, ByteBuffer continuation, int maxCount) {
    return page(table, continuation, maxCount, (t, start) -> reads.entries(t, start, maxCount));
  }

  @Override
  public CompletableFuture<ChangePage> changes(String table, long fromPosition, int maxCount) {
    if (fromPosition < 0) {
      return Errors.failed(Errors.invalid("negative change position " + fromPosition));
    }
    if (maxCount <= 0) {
      return Errors.failed(Errors.invalid("maxCount must be positive, was " + maxCount));
    }
    return withTable(table, t -> reads.changes(t, fromPosition, maxCount));
  }

  @Override
  public CompletableFuture<TableInfo> info(String table) {
    return withTable(table, t -> done(reads.info(t)));
  }

  /** Refuses new work; queued updates fail with CLOSED, appends in flight still settle. */
  @Override
  public void close() {
    closed = true;
    tables.values().forEach(Table::close);
    executor.shutdown();
  }

  // ---------------------------------------------------------------- helpers

  private interface PageReader<T> {
    CompletableFuture<TablePage<T>> read(Table t, ContinuationToken start);
  }

  private <T> CompletableFuture<TablePage<T>> page(
      String table, ByteBuffer continuation, int maxCount, PageReader<T> read) {
    if (maxCount <= 0) {
      return Errors.failed(Errors.invalid("maxCount must be positive, was " + maxCount));
    }
    ContinuationToken start;
    try {
      start = ContinuationToken.decode(continuation, config.maxKeyBytes());
    } catch (StorageException e) {
      return Errors.failed(e);
    }
    return withTable(table, t -> read.read(t, start));
  }

  /** Runs {@code action} on the open table named {@code table}, or fails as the name says. */
  private <T> CompletableFuture<T> withTable(
      String table, Function<Table, CompletableFuture<T>> action) {
    if (closed) {
      return Errors.failed(Errors.closed());
    }
    if (table == null) {
      return Errors.failed(Errors.invalid("table name is null"));
    }
    Table t = tables.get(table);
    if (t != null) {
      StorageException unusable = t.unusable();
      return unusable == null ? action.apply(t) : Errors.failed(unusable);
    }
    return backend
        .info(table)
        .thenCompose(
            info ->
                Errors.failed(
                    info.type() == SegmentType.PLAIN
                        ? Errors.wrongType(table)
                        : Errors.notFound(table)));
  }

  private Table newTable(String name, TableIndex index) {
    return new Table(
        name,
        backend,
        reader,
        options,
        config.maxAppendBytes(),
        executor,
        index,
        t -> tables.remove(t.name, t));
  }

  private StorageException checkKey(ByteBuffer key) {
    if (key == null) {
      return Errors.invalid("null key");
    }
    if (key.remaining() > config.maxKeyBytes()) {
      return Errors.invalid(
          "key of "
              + key.remaining()
              + " bytes is larger than the limit of "
              + config.maxKeyBytes()
              + " bytes");
    }
    return null;
  }

  private StorageException tooLarge(long bytes) {
    return Errors.invalid(
        "update of "
            + bytes
            + " bytes (as stored) is larger than the append limit of "
            + config.maxAppendBytes()
            + " bytes");
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      StorageException se = StorageException.unwrap(e);
      if (se != null) {
        throw se;
      }
      throw e;
    }
  }
}
