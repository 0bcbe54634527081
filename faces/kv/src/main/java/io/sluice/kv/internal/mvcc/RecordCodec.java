package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;

/**
 * How the MVCC store lays its records out in its table segment. Every key of the table is one of:
 *
 * <pre>
 *   [modRev:8][sub:4]            a change: [format=1:1][flags:1][createRev:8][version:8][lease:8]
 *                                [origin:8][keyLen:4][key][value...]   (flags bit 0 = tombstone)
 *   [0xFF]['L'][leaseId:8]       a lease: [ttlSeconds:8][deadlineMillis:8] (wall clock, see Clock)
 *   [0xFF]['M']                  identity: [memberId:8][clusterId:8]
 *   [0xFF]['C']                  compaction: [compactRev:8][revisionAtCompaction:8]
 * </pre>
 *
 * Revisions are positive, so a change key never starts with 0xFF. {@code origin} is the member that
 * made the change (merging across members later maps remote changes to local revisions).
 * Compatibility rule: new fields only at the end of a record; a new layout gets a new format byte.
 * Stateless and thread-safe.
 */
public final class RecordCodec {
  static final byte FORMAT = 1;
  static final int HEADER = 1 + 1 + 8 + 8 + 8 + 8 + 4;
  private static final byte META = (byte) 0xFF;

  private RecordCodec() {}

  public static ByteBuffer changeKey(long rev, int sub) {
    return putChangeKey(ByteBuffer.allocate(12), rev, sub).flip();
  }

  /** Writes the 12-byte table key of change {@code (rev, sub)} at {@code b}'s position. */
  static ByteBuffer putChangeKey(ByteBuffer b, long rev, int sub) {
    return b.putLong(rev).putInt(sub);
  }

  public static boolean isChangeKey(ByteBuffer key) {
    return key.remaining() == 12 && key.get(key.position()) != META;
  }

  public static ByteBuffer encodeChange(KeyRev kr, long origin) {
    ByteBuffer b = ByteBuffer.allocate(changeLength(kr));
    encodeChange(kr, origin, b);
    return b.flip();
  }

  /** The encoded length of {@code kr}'s change record. */
  static int changeLength(KeyRev kr) {
    return HEADER + kr.key().size() + (kr.tombstone() ? 0 : kr.cachedValue().size());
  }

  /** Writes {@code kr}'s change record at {@code b}'s position (which it advances). */
  static void encodeChange(KeyRev kr, long origin, ByteBuffer b) {
    ByteString value = kr.tombstone() ? ByteString.EMPTY : kr.cachedValue();
    b.put(FORMAT)
        .put((byte) (kr.tombstone() ? 1 : 0))
        .putLong(kr.createRev())
        .putLong(kr.version())
        .putLong(kr.lease())
        .putLong(origin)
        .putInt(kr.key().size());
    kr.key().copyTo(b);
    value.copyTo(b);
  }

  /** Decodes a change record; the value is only cached when {@code keepValue}. */
  public static KeyRev decodeChange(ByteBuffer key, ByteBuffer record, boolean keepValue) {
    long rev = key.getLong(key.position());
    int sub = key.getInt(key.position() + 8);
    ByteBuffer r = record.duplicate();
    if (r.remaining() < HEADER || r.get() != FORMAT) {
      throw new IllegalStateException("bad MVCC record at revision " + rev + "." + sub);
    }
    boolean tombstone = (r.get() & 1) != 0;
    long createRev = r.getLong();
    long version = r.getLong();
    long lease = r.getLong();
    r.getLong(); // origin
    int keyLen = r.getInt();
    if (keyLen < 0 || keyLen > r.remaining()) {
      throw new IllegalStateException("bad MVCC record key length at revision " + rev);
    }
    ByteString k = ByteString.copyFrom(r, keyLen);
    ByteString value = ByteString.copyFrom(r);
    KeyRev kr = new KeyRev(k, rev, sub, createRev, version, lease, tombstone, value);
    if (!keepValue && !tombstone) {
      kr.setCachedValue(null);
    }
    return kr;
  }

  /** The value part of an encoded change record. */
  public static ByteString valueOf(ByteBuffer record) {
    ByteBuffer r = record.duplicate();
    int keyLen = r.getInt(r.position() + HEADER - 4);
    r.position(r.position() + HEADER + keyLen);
    return ByteString.copyFrom(r);
  }

  public static ByteBuffer leaseKey(long id) {
    return ByteBuffer.allocate(10).put(0, META).put(1, (byte) 'L').putLong(2, id);
  }

  public static boolean isLeaseKey(ByteBuffer key) {
    return key.remaining() == 10
        && key.get(key.position()) == META
        && key.get(key.position() + 1) == 'L';
  }

  public static long leaseIdOf(ByteBuffer key) {
    return key.getLong(key.position() + 2);
  }

  public static ByteBuffer metaKey(char kind) {
    return ByteBuffer.allocate(2).put(0, META).put(1, (byte) kind);
  }

  public static boolean isMetaKey(ByteBuffer key, char kind) {
    return key.remaining() == 2
        && key.get(key.position()) == META
        && key.get(key.position() + 1) == (byte) kind;
  }

  public static ByteBuffer twoLongs(long a, long b) {
    return ByteBuffer.allocate(16).putLong(0, a).putLong(8, b);
  }
}
