package io.sluice.kv.internal.mvcc;

import java.util.ArrayList;
import java.util.List;

/**
 * The retained revisions of one key, in (modRev, sub) order. Not thread-safe: guarded by the {@link
 * MvccIndex}'s lock.
 */
public final class KeyHistory {
  private final ArrayList<KeyRev> revs = new ArrayList<>(2);

  /** Adds a revision, keeping the order (appends in the common case). */
  void add(KeyRev kr) {
    int i = revs.size();
    while (i > 0 && revs.get(i - 1).compareRev(kr.modRev(), kr.sub()) > 0) {
      i--;
    }
    revs.add(i, kr);
  }

  /** The newest revision at or before {@code rev}, tombstone included; null if none. */
  KeyRev atOrBefore(long rev) {
    int lo = 0;
    int hi = revs.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (revs.get(mid).modRev() <= rev) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? null : revs.get(found);
  }

  /** The live revision visible at {@code rev}, or null when the key did not exist then. */
  KeyRev visibleAt(long rev) {
    KeyRev kr = atOrBefore(rev);
    return kr == null || kr.tombstone() ? null : kr;
  }

  /** The newest revision of the key (pending ones included), or null. */
  KeyRev latest() {
    return revs.isEmpty() ? null : revs.get(revs.size() - 1);
  }

  /**
   * Drops what a compaction at {@code compactRev} no longer needs: every revision older than the
   * newest one at or before {@code compactRev}, and that one too when it is a tombstone older than
   * {@code compactRev}.
   *
   * @param removed receives each dropped revision
   */
  void compact(long compactRev, List<KeyRev> removed) {
    int keepFrom = -1;
    for (int i = revs.size() - 1; i >= 0; i--) {
      if (revs.get(i).modRev() <= compactRev) {
        keepFrom = i;
        break;
      }
    }
    if (keepFrom < 0) {
      return;
    }
    KeyRev pivot = revs.get(keepFrom);
    if (pivot.tombstone() && pivot.modRev() < compactRev) {
      keepFrom++;
    }
    if (keepFrom == 0) {
      return;
    }
    List<KeyRev> head = revs.subList(0, keepFrom);
    removed.addAll(head);
    head.clear();
  }

  boolean isEmpty() {
    return revs.isEmpty();
  }

  /** The retained revisions, oldest first (read under the index lock only). */
  public List<KeyRev> all() {
    return revs;
  }
}
