package io.sluice.streams.testing;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.ChangePage;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.StorageStats;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory storage engine for unit tests of the streams face (segments, attributes, tail reads,
 * tables). Thread-safe (one monitor).
 */
public final class MemoryStorage implements StorageEngine, SegmentStore {
  private static final class Seg {
    final String name;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final Map<UUID, Long> attrs = new HashMap<>();
    final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    long start;
    boolean sealed;

    Seg(String name) {
      this.name = name;
    }
  }

  private static final class Tbl {
    final TreeMap<ByteBuffer, TableEntry> map = new TreeMap<>(MemoryStorage::compare);
    final List<TableChange> changes = new ArrayList<>();
  }

  private final Map<String, Seg> segs = new HashMap<>();
  private final Map<String, Tbl> tables = new java.util.concurrent.ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Tables tableHalf = new Tables();
  private long version;

  private static int compare(ByteBuffer a, ByteBuffer b) {
    return Arrays.compareUnsigned(bytes(a), bytes(b));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  private static <T> CompletableFuture<T> fail(StorageError e, String msg) {
    return CompletableFuture.failedFuture(new StorageException(e, msg));
  }

  @Override
  public SegmentStore segments() {
    return this;
  }

  @Override
  public TableStore tables() {
    return tableHalf;
  }

  @Override
  public StorageStats stats() {
    throw new UnsupportedOperationException("stats");
  }

  @Override
  public StorageConfig config() {
    return StorageConfig.builder(Path.of("memory")).build();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private SegmentInfo info(Seg s) {
    return new SegmentInfo(s.name, SegmentType.PLAIN, s.data.size(), s.start, s.sealed, 0);
  }

  @Override
  public synchronized CompletableFuture<SegmentInfo> create(
      String segment, Map<UUID, Long> attributes) {
    if (segs.containsKey(segment) || tables.containsKey(segment)) {
      return fail(StorageError.SEGMENT_EXISTS, segment);
    }
    Seg s = new Seg(segment);
    s.attrs.putAll(attributes);
    segs.put(segment, s);
    return CompletableFuture.completedFuture(info(s));
  }

  @Override
  public synchronized CompletableFuture<Long> append(
      String segment, ByteBuffer data, long expectedLength, List<AttributeUpdate> updates) {
    Seg s = segs.get(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    if (s.sealed) {
      return fail(StorageError.SEGMENT_SEALED, segment);
    }
    if (expectedLength != ANY_LENGTH && expectedLength != s.data.size()) {
      return CompletableFuture.failedFuture(
          new StorageException(StorageError.BAD_OFFSET, segment, s.data.size(), null));
    }
    if (!applyAttrs(s, updates)) {
      return fail(StorageError.BAD_ATTRIBUTE_UPDATE, segment);
    }
    byte[] b = bytes(data);
    s.data.write(b, 0, b.length);
    wake(s);
    return CompletableFuture.completedFuture((long) s.data.size());
  }

  private static void wake(Seg s) {
    List<CompletableFuture<Void>> w = new ArrayList<>(s.waiters);
    s.waiters.clear();
    w.forEach(f -> f.complete(null));
  }

  private static boolean applyAttrs(Seg s, List<AttributeUpdate> updates) {
    Map<UUID, Long> next = new HashMap<>(s.attrs);
    for (AttributeUpdate u : updates) {
      Long cur = next.get(u.id());
      long c = cur == null ? AttributeUpdate.NULL_VALUE : cur;
      long v;
      switch (u.type()) {
        case REPLACE -> v = u.value();
        case REPLACE_IF_GREATER -> {
          if (cur != null && u.value() <= c) {
            return false;
          }
          v = u.value();
        }
        case REPLACE_IF_EQUALS -> {
          if (c != u.comparisonValue()) {
            return false;
          }
          v = u.value();
        }
        default -> v = (cur == null ? 0 : c) + u.value();
      }
      if (v == AttributeUpdate.NULL_VALUE) {
        next.remove(u.id());
      } else {
        next.put(u.id(), v);
      }
    }
    s.attrs.clear();
    s.attrs.putAll(next);
    return true;
  }

  @Override
  public CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail) {
    CompletableFuture<Void> wait;
    synchronized (this) {
      Seg s = segs.get(segment);
      if (s == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, segment);
      }
      if (offset < s.start) {
        return fail(StorageError.SEGMENT_TRUNCATED, segment);
      }
      int len = s.data.size();
      if (offset > len) {
        return fail(StorageError.BAD_OFFSET, segment);
      }
      if (offset < len || s.sealed || waitAtTail.isZero()) {
        int n = (int) Math.min(maxLength, len - offset);
        byte[] all = s.data.toByteArray();
        ByteBuffer out = ByteBuffer.wrap(Arrays.copyOfRange(all, (int) offset, (int) offset + n));
        return CompletableFuture.completedFuture(
            new ReadResult(offset, out, s.sealed && offset + n == len, len));
      }
      wait = new CompletableFuture<>();
      s.waiters.add(wait);
    }
    CompletableFuture<Void> w = wait;
    timer.schedule(() -> w.complete(null), waitAtTail.toMillis(), TimeUnit.MILLISECONDS);
    return wait.thenCompose(v -> read(segment, offset, maxLength, Duration.ZERO));
  }

  @Override
  public synchronized CompletableFuture<SegmentInfo> info(String segment) {
    Seg s = segs.get(segment);
    if (s == null) {
      Tbl t = tables.get(segment);
      if (t != null) {
        return CompletableFuture.completedFuture(
            new SegmentInfo(segment, SegmentType.TABLE, version, 0, false, 0));
      }
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    return CompletableFuture.completedFuture(info(s));
  }

  @Override
  public synchronized CompletableFuture<Map<UUID, Long>> attributes(
      String segment, Collection<UUID> ids) {
    Seg s = segs.get(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    Map<UUID, Long> out = new HashMap<>();
    for (UUID id : ids) {
      if (s.attrs.containsKey(id)) {
        out.put(id, s.attrs.get(id));
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public synchronized CompletableFuture<Void> updateAttributes(
      String segment, List<AttributeUpdate> updates) {
    Seg s = segs.get(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    if (!applyAttrs(s, updates)) {
      return fail(StorageError.BAD_ATTRIBUTE_UPDATE, segment);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Long> seal(String segment) {
    Seg s = segs.get(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    if (s.sealed) {
      return fail(StorageError.SEGMENT_SEALED, segment);
    }
    s.sealed = true;
    wake(s);
    return CompletableFuture.completedFuture((long) s.data.size());
  }

  @Override
  public synchronized CompletableFuture<Void> truncate(String segment, long offset) {
    Seg s = segs.get(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    if (offset > s.data.size()) {
      return fail(StorageError.BAD_OFFSET, segment);
    }
    s.start = Math.max(s.start, offset);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> delete(String segment) {
    Seg s = segs.remove(segment);
    if (s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, segment);
    }
    s.waiters.forEach(
        f -> f.completeExceptionally(new StorageException(StorageError.SEGMENT_NOT_FOUND, "")));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Long> merge(String target, String source) {
    Seg t = segs.get(target);
    Seg s = segs.get(source);
    if (t == null || s == null) {
      return fail(StorageError.SEGMENT_NOT_FOUND, t == null ? target : source);
    }
    if (t.sealed) {
      return fail(StorageError.SEGMENT_SEALED, target);
    }
    byte[] b = s.data.toByteArray();
    t.data.write(b, 0, b.length);
    segs.remove(source);
    wake(t);
    return CompletableFuture.completedFuture((long) t.data.size());
  }

  @Override
  public synchronized CompletableFuture<List<String>> list(String prefix) {
    List<String> out = new ArrayList<>();
    for (String n : segs.keySet()) {
      if (n.startsWith(prefix)) {
        out.add(n);
      }
    }
    for (String n : tables.keySet()) {
      if (n.startsWith(prefix)) {
        out.add(n);
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  /** The table half, sharing the engine's monitor. */
  private final class Tables implements TableStore {

    @Override
    public synchronized CompletableFuture<Void> create(String table) {
      if (segs.containsKey(table) || tables.containsKey(table)) {
        return fail(StorageError.SEGMENT_EXISTS, table);
      }
      tables.put(table, new Tbl());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> delete(String table, boolean mustBeEmpty) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      if (mustBeEmpty && !t.map.isEmpty()) {
        return fail(StorageError.TABLE_NOT_EMPTY, table);
      }
      tables.remove(table);
      return CompletableFuture.completedFuture(null);
    }

    private static boolean versionOk(Tbl t, ByteBuffer key, long expected) {
      TableEntry cur = t.map.get(key);
      if (expected == TableKey.NO_VERSION) {
        return true;
      }
      if (expected == TableKey.NOT_EXISTS) {
        return cur == null;
      }
      return cur != null && cur.version() == expected;
    }

    @Override
    public synchronized CompletableFuture<List<Long>> put(String table, List<TableEntry> entries) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      for (int i = 0; i < entries.size(); i++) {
        if (!versionOk(t, entries.get(i).key(), entries.get(i).version())) {
          return CompletableFuture.failedFuture(
              new StorageException(StorageError.BAD_KEY_VERSION, table, i, null));
        }
      }
      List<Long> out = new ArrayList<>();
      for (TableEntry e : entries) {
        long v = ++version;
        ByteBuffer k = ByteBuffer.wrap(bytes(e.key()));
        ByteBuffer val = ByteBuffer.wrap(bytes(e.value()));
        t.map.put(k, TableEntry.versioned(k, val, v));
        t.changes.add(new TableChange(k, val, v));
        out.add(v);
      }
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<Void> remove(String table, List<TableKey> keys) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      for (int i = 0; i < keys.size(); i++) {
        TableKey k = keys.get(i);
        boolean absentOk = k.version() == TableKey.NO_VERSION;
        if (!absentOk && !versionOk(t, k.key(), k.version())) {
          return CompletableFuture.failedFuture(
              new StorageException(StorageError.BAD_KEY_VERSION, table, i, null));
        }
      }
      for (TableKey k : keys) {
        if (t.map.remove(k.key()) != null) {
          t.changes.add(new TableChange(k.key(), null, ++version));
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<List<TableEntry>> get(
        String table, List<ByteBuffer> keys) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      List<TableEntry> out = new ArrayList<>();
      for (ByteBuffer k : keys) {
        out.add(t.map.get(k));
      }
      return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<TablePage<TableKey>> keys(
        String table, ByteBuffer continuation, int maxCount) {
      return entries(table, continuation, maxCount)
          .thenApply(
              p -> {
                List<TableKey> ks = new ArrayList<>();
                p.items().forEach(e -> ks.add(new TableKey(e.key(), e.version())));
                return new TablePage<>(ks, p.continuation());
              });
    }

    @Override
    public synchronized CompletableFuture<TablePage<TableEntry>> entries(
        String table, ByteBuffer continuation, int maxCount) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      ByteBuffer after = null;
      if (continuation != null) {
        ByteBuffer c = continuation.duplicate();
        if (!c.hasRemaining() || c.get() != 1) {
          return fail(StorageError.INVALID_ARGUMENT, "malformed continuation token");
        }
        after = ByteBuffer.wrap(bytes(c));
      }
      Map<ByteBuffer, TableEntry> tail = after == null ? t.map : t.map.tailMap(after, false);
      List<TableEntry> out = new ArrayList<>();
      ByteBuffer last = null;
      for (Map.Entry<ByteBuffer, TableEntry> e : tail.entrySet()) {
        if (out.size() == maxCount) {
          return CompletableFuture.completedFuture(new TablePage<>(out, token(last)));
        }
        out.add(e.getValue());
        last = e.getKey();
      }
      return CompletableFuture.completedFuture(new TablePage<>(out, null));
    }

    private static ByteBuffer token(ByteBuffer key) {
      byte[] k = bytes(key);
      ByteBuffer b = ByteBuffer.allocate(1 + k.length);
      b.put((byte) 1).put(k).flip();
      return b;
    }

    @Override
    public synchronized CompletableFuture<ChangePage> changes(
        String table, long fromPosition, int maxCount) {
      Tbl t = tables.get(table);
      if (t == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, table);
      }
      List<TableChange> out = new ArrayList<>();
      long next = fromPosition;
      for (TableChange c : t.changes) {
        if (c.version() > fromPosition && out.size() < maxCount) {
          out.add(c);
          next = c.version();
        }
      }
      return CompletableFuture.completedFuture(new ChangePage(out, next));
    }

    @Override
    public CompletableFuture<TableInfo> info(String table) {
      synchronized (this) {
        Tbl t = tables.get(table);
        if (t == null) {
          return fail(StorageError.SEGMENT_NOT_FOUND, table);
        }
        return CompletableFuture.completedFuture(new TableInfo(table, t.map.size(), version));
      }
    }
  }
}
