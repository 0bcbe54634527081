package io.sluice.sp.internal;

/**
 * Helpers for SP backtraces: stacks of 32-bit big-endian tags in front of a request, pipe ids (MSB
 * clear) pushed by each REP/RESPONDENT hop, ending with the request id (MSB set). See
 * sp-request-reply-01 §3.
 */
final class Backtrace {
  /** The stack ran out before a tag with the MSB set. */
  static final int MALFORMED = -1;

  /** More hops than the maximum TTL. */
  static final int TOO_MANY_HOPS = -2;

  private Backtrace() {}

  static int int32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  static byte[] bytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static void put(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /**
   * The length of the tag stack at the start of {@code payload} up to and including the first tag
   * with the MSB set, {@link #MALFORMED} if there is none, or {@link #TOO_MANY_HOPS} if more than
   * {@code maxTags} tags precede it (inclusive).
   */
  static int stackLength(byte[] payload, int maxTags) {
    int tags = 0;
    for (int off = 0; off + 4 <= payload.length; off += 4) {
      tags++;
      if (tags > maxTags) {
        return TOO_MANY_HOPS;
      }
      if ((payload[off] & 0x80) != 0) {
        return off + 4;
      }
    }
    return MALFORMED;
  }
}
