package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;

/**
 * One revision of one key as the index remembers it: where it sits in the history (modRev, sub),
 * its generation (createRev, version), its lease, and whether it is a deletion tombstone. The value
 * lives on disk under (modRev, sub); {@link #cachedValue()} holds it while it is pending or recent.
 *
 * <p>Immutable except for the cached value, which is written by the writer and the cache evictor
 * and read by any thread (volatile).
 */
public final class KeyRev {
  private final ByteString key;
  private final long modRev;
  private final int sub;
  private final long createRev;
  private final long version;
  private final long lease;
  private final boolean tombstone;
  private final int valueSize;
  private volatile ByteString cachedValue;

  public KeyRev(
      ByteString key,
      long modRev,
      int sub,
      long createRev,
      long version,
      long lease,
      boolean tombstone,
      ByteString value) {
    this.key = key;
    this.modRev = modRev;
    this.sub = sub;
    this.createRev = createRev;
    this.version = version;
    this.lease = lease;
    this.tombstone = tombstone;
    this.valueSize = value == null ? 0 : value.size();
    this.cachedValue = tombstone ? ByteString.EMPTY : value;
  }

  public ByteString key() {
    return key;
  }

  public long modRev() {
    return modRev;
  }

  public int sub() {
    return sub;
  }

  public long createRev() {
    return createRev;
  }

  public long version() {
    return version;
  }

  public long lease() {
    return lease;
  }

  public boolean tombstone() {
    return tombstone;
  }

  public int valueSize() {
    return valueSize;
  }

  /** The value if it is held in memory, else null (read it from the persistence). */
  public ByteString cachedValue() {
    return cachedValue;
  }

  void setCachedValue(ByteString value) {
    this.cachedValue = value;
  }

  /** Orders by (modRev, sub). */
  public int compareRev(long otherRev, int otherSub) {
    int c = Long.compare(modRev, otherRev);
    return c != 0 ? c : Integer.compare(sub, otherSub);
  }

  @Override
  public String toString() {
    return "KeyRev{"
        + key.toStringUtf8()
        + "@"
        + modRev
        + "."
        + sub
        + (tombstone ? " deleted" : " v" + version + " c" + createRev + " l" + lease)
        + "}";
  }
}
