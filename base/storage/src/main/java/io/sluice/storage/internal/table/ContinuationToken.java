package io.sluice.storage.internal.table;

import java.nio.ByteBuffer;

/**
 * Continuation tokens of key-order iteration: a format byte (1) followed by the last key returned.
 * The next page holds keys strictly greater than that key, so an iteration stays correct whatever
 * happens to the table between pages: keys added behind it are not seen, keys added ahead of it
 * are, and no key is returned twice. Stateless and thread-safe.
 */
final class ContinuationToken {
  private static final byte FORMAT = 1;

  private ContinuationToken() {}

  static ByteBuffer encode(Key last) {
    ByteBuffer b = ByteBuffer.allocate(1 + last.length());
    b.put(FORMAT).put(last.bytes()).flip();
    return b.asReadOnlyBuffer();
  }

  /**
   * The key after which to continue, or null for a null token (the first page).
   *
   * @throws io.sluice.storage.StorageException INVALID_ARGUMENT for a token not made here
   */
  static Key decode(ByteBuffer token, int maxKeyBytes) {
    if (token == null) {
      return null;
    }
    ByteBuffer t = token.duplicate();
    if (!t.hasRemaining() || t.get() != FORMAT || t.remaining() > maxKeyBytes) {
      throw Errors.invalid("malformed continuation token");
    }
    return Key.copyOf(t);
  }
}
