package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One segment (plain or table). It has two states: the <em>writer view</em> ({@code w*} fields),
 * which the log writer thread alone reads and changes while it validates operations, so that
 * conditional operations see every operation queued before them; and the <em>published view</em>
 * ({@link #view()} and {@link #chunks()}), which changes only once the operation is durable and is
 * what readers see. If a batch fails to reach the log, the writer view is reset from the published
 * one. Thread-safe as described.
 */
public final class Segment {
  final long id;
  final String name;
  final SegmentType type;

  // Writer view: log writer thread only.
  long wLength;
  long wStart;
  boolean wSealed;
  boolean wDeleted;
  Map<UUID, Long> wAttributes;

  private volatile SegmentView view;
  private volatile ChunkRef[] chunks = new ChunkRef[0];
  final ConcurrentLinkedQueue<TailRead> waiting = new ConcurrentLinkedQueue<>();

  Segment(long id, String name, SegmentType type, SegmentView view) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.view = view;
    resetWriterView();
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public SegmentType type() {
    return type;
  }

  public SegmentView view() {
    return view;
  }

  public ChunkRef[] chunks() {
    return chunks;
  }

  void publish(SegmentView v) {
    view = v;
  }

  void publishChunks(ChunkRef[] c) {
    chunks = c;
  }

  /** Makes the writer view equal to the published one. */
  void resetWriterView() {
    SegmentView v = view;
    wLength = v.length();
    wStart = v.startOffset();
    wSealed = v.sealed();
    wDeleted = v.deleted();
    wAttributes = new HashMap<>(v.attributes());
  }

  /** The chunk holding segment offset {@code offset}, or null. */
  ChunkRef chunkAt(long offset) {
    ChunkRef[] c = chunks;
    int lo = 0;
    int hi = c.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ChunkRef r = c[mid];
      if (offset < r.start()) {
        hi = mid - 1;
      } else if (offset >= r.end()) {
        lo = mid + 1;
      } else {
        return r;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "segment " + name + " (" + id + ")";
  }
}
