package io.sluice.storage.internal.table;

import java.nio.ByteBuffer;

/**
 * Continuation tokens of key-order iteration: a format byte and a key.
 *
 * <ul>
 *   <li>{@code 1, key}: what a page returns: the next page holds keys strictly greater than the
 *       last key returned, so an iteration stays correct whatever happens to the table between
 *       pages (keys added behind it are not seen, keys added ahead of it are, no key comes twice).
 *   <li>{@code 2, key}: made by a caller to start an iteration at {@code key}, inclusive (for range
 *       scans).
 * </ul>
 *
 * Immutable and thread-safe.
 *
 * @param key where the iteration resumes
 * @param inclusive whether {@code key} itself is part of the page
 */
record ContinuationToken(Key key, boolean inclusive) {
  private static final byte AFTER = 1;
  private static final byte FROM = 2;

  static ByteBuffer after(Key last) {
    return encode(AFTER, last);
  }

  private static ByteBuffer encode(byte format, Key key) {
    ByteBuffer b = ByteBuffer.allocate(1 + key.length());
    b.put(format).put(key.bytes()).flip();
    return b.asReadOnlyBuffer();
  }

  /**
   * The place to continue from, or null for a null token (the first page).
   *
   * @throws io.sluice.storage.StorageException INVALID_ARGUMENT for a malformed token
   */
  static ContinuationToken decode(ByteBuffer token, int maxKeyBytes) {
    if (token == null) {
      return null;
    }
    ByteBuffer t = token.duplicate();
    byte format = t.hasRemaining() ? t.get() : 0;
    if ((format != AFTER && format != FROM) || t.remaining() > maxKeyBytes) {
      throw Errors.invalid("malformed continuation token");
    }
    return new ContinuationToken(Key.copyOf(t), format == FROM);
  }
}
