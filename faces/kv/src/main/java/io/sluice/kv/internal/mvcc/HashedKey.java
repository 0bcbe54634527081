package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;

/**
 * A key with a well-mixed hash, for the index's hash map. {@link ByteString#hashCode()} is the
 * 31-polynomial over the bytes, which collides badly on short binary keys (the 8-byte big-endian
 * numbers of etcd's benchmark: keys 0..9999 share about 1,500 hash values, so each lookup compared
 * several keys byte by byte). Immutable.
 */
final class HashedKey {
  private final ByteString bytes;
  private final int hash;

  HashedKey(ByteString bytes) {
    this.bytes = bytes;
    long h = 0x9E3779B97F4A7C15L ^ bytes.size();
    for (int i = 0, n = bytes.size(); i < n; i++) {
      h = (h ^ (bytes.byteAt(i) & 0xff)) * 0xBF58476D1CE4E5B9L;
    }
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    h ^= h >>> 29;
    this.hash = (int) (h ^ (h >>> 32));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashedKey k && k.hash == hash && k.bytes.equals(bytes);
  }

  @Override
  public String toString() {
    return bytes.toStringUtf8();
  }
}
