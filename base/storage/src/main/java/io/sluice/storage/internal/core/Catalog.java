package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * All segments: the published name map that readers use, the writer's name map used for validation
 * (with an undo log per batch), and the <em>apply</em> step that turns a durable redo record into
 * published state. The log writer applies records after they are durable, recovery applies the same
 * records read back from the log, so both reach the same state.
 *
 * <p>Writer-side methods and apply run on one thread at a time (the recovery thread, then the log
 * writer thread); the published map and views are safe to read from any thread.
 */
public final class Catalog {
  private final ConcurrentHashMap<String, Segment> published = new ConcurrentHashMap<>();
  private final HashMap<Long, Segment> byId = new HashMap<>();
  private final HashMap<String, Segment> writerByName = new HashMap<>();
  private final ReadCache cache;
  private final Path chunkDir;
  private final long maxChunkBytes;
  private final ConcurrentLinkedQueue<Chunk> deadChunks = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Chunk> dirtyChunks = new ConcurrentLinkedQueue<>();
  private final Consumer<Segment> changed;
  private long nextSegmentId = 1;
  private long nextChunkId = 1;

  // Batch undo (writer thread).
  private long wNextSegmentId = 1;
  private long savedNextSegmentId;
  private final List<Segment> touched = new ArrayList<>();
  private final List<Map.Entry<String, Segment>> nameUndo = new ArrayList<>();

  /**
   * @param changed called after a segment's published view changed (wakes tail reads)
   */
  public Catalog(ReadCache cache, Path chunkDir, long maxChunkBytes, Consumer<Segment> changed) {
    this.cache = cache;
    this.chunkDir = chunkDir;
    this.maxChunkBytes = maxChunkBytes;
    this.changed = changed;
  }

  public ReadCache cache() {
    return cache;
  }

  /** The published segment of that name, or null. */
  public Segment get(String name) {
    return published.get(name);
  }

  public Collection<Segment> all() {
    return published.values();
  }

  public int size() {
    return published.size();
  }

  /** Chunks that died (truncated away, deleted); the flusher deletes their files. */
  public ConcurrentLinkedQueue<Chunk> deadChunks() {
    return deadChunks;
  }

  /** Chunks that received appends since the flusher last looked at them. */
  public ConcurrentLinkedQueue<Chunk> dirtyChunks() {
    return dirtyChunks;
  }

  public Path chunkFile(long chunkId) {
    return chunkDir.resolve(String.format("%016x.chunk", chunkId));
  }

  long nextChunkId() {
    return nextChunkId;
  }

  long nextSegmentId() {
    return nextSegmentId;
  }

  // ---------------------------------------------------------------- writer view

  Segment wLookup(String name) {
    return writerByName.get(name);
  }

  void beginBatch() {
    touched.clear();
    nameUndo.clear();
    savedNextSegmentId = wNextSegmentId;
  }

  void touch(Segment s) {
    touched.add(s);
  }

  long wAllocateSegmentId() {
    return wNextSegmentId++;
  }

  void wPut(String name, Segment s) {
    nameUndo.add(new java.util.AbstractMap.SimpleEntry<>(name, writerByName.put(name, s)));
  }

  void wRemove(String name) {
    nameUndo.add(new java.util.AbstractMap.SimpleEntry<>(name, writerByName.remove(name)));
  }

  /** Forgets the batch's changes to the writer view (the batch never reached the log). */
  void rollbackBatch() {
    for (int i = nameUndo.size() - 1; i >= 0; i--) {
      Map.Entry<String, Segment> e = nameUndo.get(i);
      if (e.getValue() == null) {
        writerByName.remove(e.getKey());
      } else {
        writerByName.put(e.getKey(), e.getValue());
      }
    }
    for (Segment s : touched) {
      s.resetWriterView();
    }
    wNextSegmentId = savedNextSegmentId;
    touched.clear();
    nameUndo.clear();
  }

  /** After recovery: the writer view starts equal to the published state. */
  public void resetWriterView() {
    writerByName.clear();
    writerByName.putAll(published);
    for (Segment s : published.values()) {
      s.resetWriterView();
    }
    wNextSegmentId = nextSegmentId;
  }

  // ---------------------------------------------------------------- apply

  void applyCreate(
      long id, String name, SegmentType type, List<Map.Entry<UUID, Long>> attrs, long millis) {
    SegmentView v = new SegmentView(0, 0, false, false, Attributes.with(Map.of(), attrs), millis);
    applyCreate(new Segment(id, name, type, v));
  }

  /** Publishes a segment created by the log writer (its initial view is set). */
  void applyCreate(Segment s) {
    long id = s.id;
    String name = s.name;
    Segment old = published.put(name, s);
    if (old != null) {
      throw new IllegalStateException("create of existing " + old);
    }
    byId.put(id, s);
    nextSegmentId = Math.max(nextSegmentId, id + 1);
  }

  /** Installs a segment read from a checkpoint. */
  void install(Segment s, ChunkRef[] chunks) {
    s.publishChunks(chunks);
    published.put(s.name, s);
    byId.put(s.id, s);
    nextSegmentId = Math.max(nextSegmentId, s.id + 1);
  }

  void setNextChunkId(long v) {
    nextChunkId = Math.max(nextChunkId, v);
  }

  Segment byId(long id) {
    Segment s = byId.get(id);
    if (s == null) {
      throw new IllegalStateException("record for unknown segment id " + id);
    }
    return s;
  }

  /**
   * Appends logged bytes.
   *
   * @return the cache memory the bytes took, to settle the caller's reservation
   */
  long applyAppend(
      long id, long offset, List<Map.Entry<UUID, Long>> attrs, ByteBuffer data, long millis) {
    return applyAppend(id, offset, attrs, data, null, 0, data.remaining(), millis);
  }

  /**
   * Appends bytes that are either in {@code data} (copied into memory) or, when {@code logFile} is
   * set, left in the log at {@code logOffset} (recovery).
   */
  private long applyAppend(
      long id,
      long offset,
      List<Map.Entry<UUID, Long>> attrs,
      ByteBuffer data,
      java.nio.file.Path logFile,
      long logOffset,
      int n,
      long millis) {
    Segment s = byId(id);
    SegmentView v = s.view();
    if (offset != v.length()) {
      throw new IllegalStateException(
          "append to " + s + " at " + offset + " but its length is " + v.length());
    }
    long allocated = 0;
    int done = 0;
    while (done < n) {
      ChunkRef[] cs = s.chunks();
      ChunkRef last = cs.length == 0 ? null : cs[cs.length - 1];
      long segLen = offset + done;
      if (last == null
          || last.chunk().deleted()
          || last.end() != segLen
          || last.chunk().length() >= maxChunkBytes) {
        long cid = nextChunkId++;
        Chunk c = new Chunk(cid, chunkFile(cid), cache, 0);
        ChunkRef[] grown = Arrays.copyOf(cs, cs.length + 1);
        grown[cs.length] = new ChunkRef(c, segLen);
        s.publishChunks(grown);
        last = grown[cs.length];
      }
      int part = (int) Math.min(n - done, maxChunkBytes - last.chunk().length());
      if (logFile != null) {
        last.chunk().appendFromLog(logFile, logOffset + done, part);
      } else {
        allocated += last.chunk().append(data.slice(data.position() + done, part));
      }
      done += part;
      if (last.chunk().markDirty()) {
        dirtyChunks.add(last.chunk());
      }
    }
    s.publish(
        new SegmentView(
            v.length() + n,
            v.startOffset(),
            v.sealed(),
            false,
            Attributes.with(v.attributes(), attrs),
            millis));
    changed.accept(s);
    return allocated;
  }

  void applyAttributes(long id, List<Map.Entry<UUID, Long>> attrs, long millis) {
    Segment s = byId(id);
    SegmentView v = s.view();
    s.publish(
        new SegmentView(
            v.length(),
            v.startOffset(),
            v.sealed(),
            false,
            Attributes.with(v.attributes(), attrs),
            millis));
  }

  void applySeal(long id, long millis) {
    Segment s = byId(id);
    SegmentView v = s.view();
    s.publish(new SegmentView(v.length(), v.startOffset(), true, false, v.attributes(), millis));
    changed.accept(s);
  }

  void applyTruncate(long id, long offset, long millis) {
    Segment s = byId(id);
    SegmentView v = s.view();
    if (offset <= v.startOffset()) {
      return;
    }
    ChunkRef[] cs = s.chunks();
    int drop = 0;
    while (drop < cs.length && cs[drop].end() <= offset) {
      deadChunks.add(cs[drop].chunk());
      cs[drop].chunk().delete();
      drop++;
    }
    if (drop > 0) {
      s.publishChunks(Arrays.copyOfRange(cs, drop, cs.length));
    }
    s.publish(new SegmentView(v.length(), offset, v.sealed(), false, v.attributes(), millis));
  }

  void applyDelete(long id, long millis) {
    Segment s = byId(id);
    for (ChunkRef r : s.chunks()) {
      r.chunk().delete();
      deadChunks.add(r.chunk());
    }
    remove(s, millis);
  }

  private void remove(Segment s, long millis) {
    SegmentView v = s.view();
    s.publishChunks(new ChunkRef[0]);
    s.publish(
        new SegmentView(v.length(), v.startOffset(), v.sealed(), true, v.attributes(), millis));
    published.remove(s.name, s);
    byId.remove(s.id);
    changed.accept(s);
  }

  void applyMerge(long targetId, long sourceId, long millis) {
    Segment t = byId(targetId);
    Segment src = byId(sourceId);
    SegmentView tv = t.view();
    SegmentView sv = src.view();
    ChunkRef[] tc = t.chunks();
    ChunkRef[] sc = src.chunks();
    ChunkRef[] merged = Arrays.copyOf(tc, tc.length + sc.length);
    for (int i = 0; i < sc.length; i++) {
      merged[tc.length + i] = new ChunkRef(sc[i].chunk(), tv.length() + sc[i].start());
    }
    t.publishChunks(merged);
    t.publish(
        new SegmentView(
            tv.length() + sv.length(),
            tv.startOffset(),
            tv.sealed(),
            false,
            tv.attributes(),
            millis));
    remove(src, millis);
    changed.accept(t);
  }

  /**
   * Applies one record read back from the log (recovery). Appended bytes stay in the log file until
   * the flusher copies them, so replay costs no memory per byte.
   *
   * @param logFile the log file holding the record
   * @param payloadOffset the file offset of {@code p}'s position
   */
  public void applyRecord(byte type, ByteBuffer p, java.nio.file.Path logFile, long payloadOffset) {
    int start = p.position();
    if (type == RecordType.NOOP) {
      return;
    }
    long millis = p.getLong();
    switch (type) {
      case RecordType.CREATE -> {
        long id = p.getLong();
        byte t = p.get();
        int nameLen = Short.toUnsignedInt(p.getShort());
        if (nameLen > p.remaining()) {
          throw new IllegalArgumentException("name length " + nameLen + " exceeds the record");
        }
        byte[] nb = new byte[nameLen];
        p.get(nb);
        SegmentType st = t == 1 ? SegmentType.TABLE : SegmentType.PLAIN;
        applyCreate(id, new String(nb, StandardCharsets.UTF_8), st, Attributes.decode(p), millis);
      }
      case RecordType.APPEND -> {
        long id = p.getLong();
        long offset = p.getLong();
        List<Map.Entry<UUID, Long>> attrs = Attributes.decode(p);
        applyAppend(
            id,
            offset,
            attrs.isEmpty() ? null : attrs,
            p,
            logFile,
            payloadOffset + (p.position() - start),
            p.remaining(),
            millis);
      }
      case RecordType.ATTRIBUTES -> applyAttributes(p.getLong(), Attributes.decode(p), millis);
      case RecordType.SEAL -> applySeal(p.getLong(), millis);
      case RecordType.TRUNCATE -> applyTruncate(p.getLong(), p.getLong(), millis);
      case RecordType.DELETE -> applyDelete(p.getLong(), millis);
      case RecordType.MERGE -> applyMerge(p.getLong(), p.getLong(), millis);
      default -> throw new IllegalArgumentException("unknown record type " + type);
    }
  }

  static StorageException notFound(String name) {
    return new StorageException(StorageError.SEGMENT_NOT_FOUND, "segment " + name + " not found");
  }
}
