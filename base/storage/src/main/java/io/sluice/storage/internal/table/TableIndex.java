package io.sluice.storage.internal.table;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The durable state of one table as memory holds it: every live key with its version and the place
 * of its value in the segment, plus the segment's bounds, the change-feed low-water mark and a
 * sparse list of record starts (for finding where to read changes from).
 *
 * <p>Thread-safety: one writer (the table's sequence) changes it, one whole record at a time under
 * a write lock, so readers holding the read lock never see half a batch. Locks are held only for
 * in-memory work, never across I/O.
 */
final class TableIndex {
  /** One consistent view of the counters. */
  record Snapshot(
      long head, long length, long lowWater, long lastVersion, long keyCount, long liveBytes) {
    /** Bytes of the segment that no live entry needs. */
    long deadBytes() {
      return length - head - liveBytes;
    }
  }

  /** A page of keys in order; {@code more} says whether keys follow the last one. */
  record Page(List<Map.Entry<Key, IndexEntry>> items, boolean more) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<Key, IndexEntry> map = new TreeMap<>();
  private final TreeSet<Long> marks = new TreeSet<>();
  private final long markGap;
  private long head;
  private long length;
  private long lowWater;
  private long lastVersion;
  private long liveBytes;

  /** An empty index of a segment whose data starts (and ends) at {@code head}. */
  TableIndex(long head, long markGap) {
    this.head = head;
    this.length = head;
    this.markGap = markGap;
  }

  /** Applies a record that starts at the current length (the owner's sequence only). */
  void apply(TableRecord r) {
    lock.writeLock().lock();
    try {
      if (r.offset() != length) {
        throw new IllegalStateException("record at " + r.offset() + " applied at " + length);
      }
      for (RecordEntry e : r.entries()) {
        IndexEntry old;
        if (e.removal()) {
          old = map.remove(e.key());
        } else {
          IndexEntry now = e.toIndexEntry();
          old = map.put(e.key(), now);
          liveBytes += now.size(e.key().length());
        }
        if (old != null) {
          liveBytes -= old.size(e.key().length());
        }
        lastVersion = Math.max(lastVersion, e.version());
      }
      if (r.kind() == TableRecord.Kind.COMPACTION) {
        lowWater = Math.max(lowWater, r.compactedThrough());
        lastVersion = Math.max(lastVersion, r.compactedThrough());
      }
      if (marks.isEmpty() || r.offset() - marks.last() >= markGap) {
        marks.add(r.offset());
      }
      length = r.end();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Records that the segment now starts at {@code cut}, a record start (the owner only). */
  void truncated(long cut) {
    lock.writeLock().lock();
    try {
      if (cut > head) {
        head = cut;
        marks.headSet(cut).clear();
        if (cut < length) {
          marks.add(cut);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  IndexEntry get(Key key) {
    lock.readLock().lock();
    try {
      return map.get(key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Looks several keys up at one moment. */
  List<IndexEntry> getAll(List<Key> keys) {
    lock.readLock().lock();
    try {
      List<IndexEntry> out = new ArrayList<>(keys.size());
      for (Key k : keys) {
        out.add(map.get(k));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Up to {@code maxCount} keys from {@code start} on (from the first key when null), fewer once
   * their keys and values add up to {@code maxBytes} (always at least one).
   */
  Page page(ContinuationToken start, int maxCount, long maxBytes, boolean countValues) {
    lock.readLock().lock();
    try {
      NavigableMap<Key, IndexEntry> tail =
          start == null ? map : map.tailMap(start.key(), start.inclusive());
      List<Map.Entry<Key, IndexEntry>> items = new ArrayList<>(Math.min(maxCount, 1024));
      long bytes = 0;
      Iterator<Map.Entry<Key, IndexEntry>> it = tail.entrySet().iterator();
      while (it.hasNext() && items.size() < maxCount && (items.isEmpty() || bytes < maxBytes)) {
        Map.Entry<Key, IndexEntry> e = it.next();
        items.add(Map.entry(e.getKey(), e.getValue()));
        bytes += e.getKey().length() + (countValues ? e.getValue().valueLength() : 0);
      }
      return new Page(items, it.hasNext());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Where to start decoding records to find the changes after {@code position}. */
  long readStart(long position) {
    lock.readLock().lock();
    try {
      Long mark = marks.floor(position);
      return mark == null ? head : Math.max(head, mark);
    } finally {
      lock.readLock().unlock();
    }
  }

  Snapshot snapshot() {
    lock.readLock().lock();
    try {
      return new Snapshot(head, length, lowWater, lastVersion, map.size(), liveBytes);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The committed length (the owner's sequence may read it without the snapshot's cost). */
  long length() {
    lock.readLock().lock();
    try {
      return length;
    } finally {
      lock.readLock().unlock();
    }
  }
}
