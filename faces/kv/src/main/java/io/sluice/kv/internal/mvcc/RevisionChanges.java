package io.sluice.kv.internal.mvcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The changes made at each retained revision, for watch replay and the lock/election scans:
 * revision -> the changes at it, in the order they were added.
 *
 * <p>Revisions arrive in order and nearly without gaps (every write takes the next one), so the
 * common case is a ring of slots indexed by {@code revision - first}: one reference per revision
 * (the {@link KeyRev} itself, or a {@code KeyRev[]} when a transaction changed several keys)
 * instead of a tree entry, a boxed key and a list (about 100 bytes) per revision; compaction drops
 * a prefix. A change below the ring's first revision (recovery of records kept by a compaction,
 * changes merged from elsewhere later) or after a large gap goes to a sorted map beside it, so any
 * revision order stays correct.
 *
 * <p>Not thread-safe: guarded by the {@link MvccIndex} owner's lock.
 */
final class RevisionChanges {
  /** A gap larger than this (and than the ring) moves the ring into the sorted map. */
  private static final long MAX_GAP = 1 << 16;

  private final TreeMap<Long, List<KeyRev>> sparse = new TreeMap<>();
  private Object[] slots = new Object[1024];
  private int head; // index in slots of revision first
  private long first = -1; // revision of slot head; -1 while the ring is empty
  private int length; // slots in use from head (the last one holds a change)
  private int revisions; // revisions holding at least one change, ring and map

  /** Adds one change at its revision ({@code kr.modRev()}). */
  void add(KeyRev kr) {
    long rev = kr.modRev();
    if (first < 0 || rev < first) {
      if (first < 0 && (sparse.isEmpty() || rev > sparse.lastKey())) {
        first = rev;
        length = 0;
        head = 0;
      } else {
        addSparse(kr);
        return;
      }
    }
    long offset = rev - first;
    if (offset >= length + MAX_GAP && offset >= slots.length) {
      spill();
      first = rev;
      offset = 0;
    }
    if (offset >= slots.length) {
      grow((int) offset + 1);
    }
    int i = slot((int) offset);
    Object at = slots[i];
    if (at == null) {
      slots[i] = kr;
      revisions++;
    } else if (at instanceof KeyRev one) {
      slots[i] = new KeyRev[] {one, kr};
    } else {
      KeyRev[] many = (KeyRev[]) at;
      KeyRev[] more = java.util.Arrays.copyOf(many, many.length + 1);
      more[many.length] = kr;
      slots[i] = more;
    }
    length = Math.max(length, (int) offset + 1);
  }

  private void addSparse(KeyRev kr) {
    List<KeyRev> at = sparse.get(kr.modRev());
    if (at == null) {
      at = new ArrayList<>(1);
      sparse.put(kr.modRev(), at);
      revisions++;
    }
    at.add(kr);
  }

  private int slot(int offset) {
    int i = head + offset;
    return i < slots.length ? i : i - slots.length;
  }

  private void grow(int needed) {
    int cap = slots.length;
    while (cap < needed) {
      cap *= 2;
    }
    Object[] bigger = new Object[cap];
    for (int o = 0; o < length; o++) {
      bigger[o] = slots[slot(o)];
    }
    slots = bigger;
    head = 0;
  }

  /** Moves every change of the ring into the sorted map and empties the ring. */
  private void spill() {
    for (int o = 0; o < length; o++) {
      Object at = slots[slot(o)];
      if (at != null) {
        List<KeyRev> list = new ArrayList<>();
        collect(at, list::add);
        sparse.put(first + o, list);
      }
    }
    java.util.Arrays.fill(slots, null);
    head = 0;
    length = 0;
    first = -1;
  }

  private static void collect(Object at, Consumer<KeyRev> visitor) {
    if (at instanceof KeyRev one) {
      visitor.accept(one);
    } else if (at != null) {
      for (KeyRev kr : (KeyRev[]) at) {
        visitor.accept(kr);
      }
    }
  }

  /** Passes every change at revisions in [from, to] to {@code visitor}, in revision order. */
  void forEach(long from, long to, Consumer<KeyRev> visitor) {
    if (from > to) {
      return;
    }
    for (List<KeyRev> at : sparse.subMap(from, true, to, true).values()) {
      at.forEach(visitor);
    }
    if (first < 0) {
      return;
    }
    long lo = Math.max(from, first);
    long hi = Math.min(to, first + length - 1);
    for (long r = lo; r <= hi; r++) {
      collect(slots[slot((int) (r - first))], visitor);
    }
  }

  /** Drops every revision below {@code rev}. */
  void dropBelow(long rev) {
    Map<Long, List<KeyRev>> below = sparse.headMap(rev, false);
    revisions -= below.size();
    below.clear();
    if (first < 0 || rev <= first) {
      return;
    }
    long drop = Math.min(rev - first, length);
    for (int o = 0; o < drop; o++) {
      int i = slot(o);
      if (slots[i] != null) {
        revisions--;
        slots[i] = null;
      }
    }
    if (drop == length) {
      head = 0;
      length = 0;
      first = -1;
      return;
    }
    head = slot((int) drop);
    length -= (int) drop;
    first += drop;
  }

  /** Revisions holding at least one change. */
  int size() {
    return revisions;
  }
}
