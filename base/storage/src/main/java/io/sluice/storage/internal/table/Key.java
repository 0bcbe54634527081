package io.sluice.storage.internal.table;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A table key as the index holds it: a private copy of the bytes, ordered as unsigned bytes
 * (lexicographically), with value equality. Immutable.
 */
final class Key implements Comparable<Key> {
  private final byte[] bytes;
  private final int hash;

  private Key(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies the remaining bytes of {@code buffer} without moving its position. */
  static Key copyOf(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return new Key(b);
  }

  /** Takes ownership of {@code bytes}: the caller must not change them afterwards. */
  static Key wrap(byte[] bytes) {
    return new Key(bytes);
  }

  int length() {
    return bytes.length;
  }

  /** The bytes; callers must not change them. */
  byte[] bytes() {
    return bytes;
  }

  /** A read-only view for results handed to callers. */
  ByteBuffer toBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  @Override
  public int compareTo(Key o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(Math.min(bytes.length, 32) * 2 + 8);
    for (int i = 0; i < bytes.length && i < 32; i++) {
      sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(bytes[i] & 0xF, 16));
    }
    if (bytes.length > 32) {
      sb.append("...");
    }
    return sb.toString();
  }
}
