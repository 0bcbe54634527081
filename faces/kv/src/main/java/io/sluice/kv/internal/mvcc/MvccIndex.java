package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory MVCC index: for every key the retained revisions ({@link KeyHistory}), and for
 * every retained revision the changes made at it (for watch replay), plus the current and the
 * compacted revision. Values are not held here (see {@link KeyRev#cachedValue()}).
 *
 * <p>Revisions are assigned by the caller; nothing here assumes a single writer in the world: a
 * change merged from elsewhere is just another {@link KeyRev} at a revision the caller picked.
 * Memory is proportional to the retained history, which compaction bounds.
 *
 * <p>Not thread-safe: the owner ({@code KvEngine}) guards it with a read-write lock.
 */
public final class MvccIndex {
  /** Keys compare as unsigned bytes, like etcd's. */
  public static final Comparator<ByteString> KEY_ORDER =
      ByteString.unsignedLexicographicalComparator();

  /** The range end meaning "every key at or after the start key". */
  public static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

  // key order for ranges; the hash map for point lookups (a put looks its key up twice, and a tree
  // lookup compares ByteStrings ~14 times through an iterator each)
  private final TreeMap<ByteString, KeyHistory> keys = new TreeMap<>(KEY_ORDER);
  private final HashMap<HashedKey, KeyHistory> byKey = new HashMap<>();
  private final RevisionChanges revisions = new RevisionChanges();
  private long currentRev = 1;
  private long compactRev = -1;
  private long liveKeys;
  private long liveBytes;
  private volatile long retainedBytes; // written under the owner's write lock, read without it
  private volatile long indexBytes; // likewise

  /** What one stored change record costs beyond its key and value (record key, header, index). */
  public static final int RECORD_OVERHEAD_BYTES = 64;

  /**
   * Heap one retained revision takes besides its key's bytes, measured with a class histogram of a
   * node holding 1.39 million revisions of 8-byte keys (session 11): its {@link KeyRev} (64), the
   * key's {@code ByteString} and array (48; a put shares the key of the revision before it, but
   * revisions read back at start have a copy each), the storage table's entry for its change record
   * (key, array, index entry and tree node: 128) and its slot in the revision list (~12).
   */
  public static final int INDEX_BYTES_PER_REVISION = 256;

  public long currentRev() {
    return currentRev;
  }

  public long compactRev() {
    return compactRev;
  }

  /** Raises the current revision (used by recovery and by writes). */
  public void advanceTo(long rev) {
    if (rev > currentRev) {
      currentRev = rev;
    }
  }

  public void setCompactRev(long rev) {
    this.compactRev = rev;
  }

  public long liveKeys() {
    return liveKeys;
  }

  /** Approximate bytes of keys and values live at the newest revision. */
  public long liveBytes() {
    return liveBytes;
  }

  /**
   * Approximate bytes of every retained revision as stored (keys, values, record overhead): what
   * etcd's backend quota is measured against. Compaction lowers it.
   */
  public long retainedBytes() {
    return retainedBytes;
  }

  /**
   * Approximate heap taken by the index of every retained revision (see {@link
   * #INDEX_BYTES_PER_REVISION}). Compaction lowers it.
   */
  public long indexBytes() {
    return indexBytes;
  }

  private static long indexBytes(KeyRev kr) {
    return INDEX_BYTES_PER_REVISION + kr.key().size();
  }

  private static long storedBytes(KeyRev kr) {
    return kr.key().size() + kr.valueSize() + RECORD_OVERHEAD_BYTES;
  }

  /** Adds one change (a put or a tombstone) at its revision. */
  public void add(KeyRev kr) {
    retainedBytes += storedBytes(kr);
    indexBytes += indexBytes(kr);
    HashedKey hk = new HashedKey(kr.key());
    KeyHistory h = byKey.get(hk);
    if (h == null) {
      h = new KeyHistory();
      byKey.put(hk, h);
      keys.put(kr.key(), h);
    }
    KeyRev before = h.latest();
    h.add(kr);
    KeyRev after = h.latest();
    if (after == kr) {
      if (before != null && !before.tombstone()) {
        liveKeys--;
        liveBytes -= before.key().size() + before.valueSize();
      }
      if (!kr.tombstone()) {
        liveKeys++;
        liveBytes += kr.key().size() + kr.valueSize();
      }
    }
    revisions.add(kr);
    advanceTo(kr.modRev());
  }

  /** The newest revision of {@code key}, pending ones included (tombstone included), or null. */
  public KeyRev latest(ByteString key) {
    KeyHistory h = byKey.get(new HashedKey(key));
    return h == null ? null : h.latest();
  }

  /** The live revision of {@code key} visible at {@code rev}, or null. */
  public KeyRev get(ByteString key, long rev) {
    KeyHistory h = byKey.get(new HashedKey(key));
    return h == null ? null : h.visibleAt(rev);
  }

  /** The newest revision of {@code key} at or before {@code rev}, tombstones included, or null. */
  public KeyRev atOrBefore(ByteString key, long rev) {
    KeyHistory h = byKey.get(new HashedKey(key));
    return h == null ? null : h.atOrBefore(rev);
  }

  /**
   * The live revisions visible at {@code rev} of the keys in etcd's range [key, end): {@code end}
   * empty means the single key, {@link #FROM_KEY} means every key from {@code key} on.
   *
   * @param limit at most this many (0 = no limit)
   * @param counter if non-null, receives the number of matches regardless of the limit
   */
  public List<KeyRev> range(
      ByteString key, ByteString end, long rev, long limit, long[] counter, boolean collect) {
    List<KeyRev> out = new ArrayList<>();
    long count = 0;
    if (end.isEmpty()) {
      KeyRev kr = get(key, rev);
      if (kr != null) {
        count = 1;
        if (collect) {
          out.add(kr);
        }
      }
    } else {
      for (KeyHistory h : histories(key, end)) {
        KeyRev kr = h.visibleAt(rev);
        if (kr == null) {
          continue;
        }
        count++;
        if (collect && (limit <= 0 || out.size() < limit)) {
          out.add(kr);
        } else if (counter == null) {
          break;
        }
      }
    }
    if (counter != null) {
      counter[0] = count;
    }
    return out;
  }

  private Collection<KeyHistory> histories(ByteString key, ByteString end) {
    if (end.equals(FROM_KEY)) {
      return keys.tailMap(key, true).values();
    }
    if (KEY_ORDER.compare(key, end) >= 0) {
      return List.of();
    }
    return keys.subMap(key, true, end, false).values();
  }

  /** Whether {@code k} lies in etcd's range [key, end) (same conventions as {@link #range}). */
  public static boolean inRange(ByteString k, ByteString key, ByteString end) {
    if (end.isEmpty()) {
      return k.equals(key);
    }
    if (KEY_ORDER.compare(k, key) < 0) {
      return false;
    }
    return end.equals(FROM_KEY) || KEY_ORDER.compare(k, end) < 0;
  }

  /**
   * Passes the changes made at each retained revision in [from, to] to {@code visitor}, in order.
   */
  public void forEachChange(long from, long to, Consumer<KeyRev> visitor) {
    revisions.forEach(from, to, visitor);
  }

  /**
   * Compacts at {@code rev}: history no read at or after {@code rev} needs is dropped from memory.
   *
   * @return the dropped revisions (their stored records may now be removed)
   */
  public List<KeyRev> compact(long rev) {
    compactRev = rev;
    List<KeyRev> removed = new ArrayList<>();
    Iterator<Map.Entry<ByteString, KeyHistory>> it = keys.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<ByteString, KeyHistory> e = it.next();
      KeyHistory h = e.getValue();
      h.compact(rev, removed);
      if (h.isEmpty()) {
        it.remove();
        byKey.remove(new HashedKey(e.getKey()));
      }
    }
    revisions.dropBelow(rev);
    for (KeyRev kr : removed) {
      retainedBytes -= storedBytes(kr);
      indexBytes -= indexBytes(kr);
    }
    return removed;
  }

  /** Every key's retained history in key order (for hashing and snapshots). */
  public Collection<Map.Entry<ByteString, KeyHistory>> histories() {
    return keys.entrySet();
  }

  /** The retained revisions of {@code h}, oldest first. */
  public static List<KeyRev> revisionsOf(KeyHistory h) {
    return h.all();
  }

  /** Number of retained revisions (for metrics and tests). */
  public int retainedRevisions() {
    return revisions.size();
  }
}
