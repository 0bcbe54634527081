package io.sluice.sp.internal;

import java.nio.ByteBuffer;

/**
 * Message framing on a byte stream after the handshake: decoding whole messages from received bytes
 * and writing frame headers and payloads. One instance per pipe (it holds partial state). I/O
 * thread only.
 */
interface Codec {
  /** Largest frame header {@link #writeFrameHeader} writes. */
  int MAX_HEADER = 14;

  /**
   * Decodes the next complete message from {@code in} (read mode), consuming what it uses. Returns
   * null when more bytes are needed. Bounds are checked before allocating.
   */
  byte[] decode(ByteBuffer in) throws ProtocolException;

  /**
   * Writes the header of one frame of {@code length} payload bytes; {@code first} and {@code last}
   * say where the frame sits in its message (a message spans several frames only when it is longer
   * than {@link #maxFrame()}).
   */
  void writeFrameHeader(ByteBuffer out, int length, boolean first, boolean last);

  /** The largest frame payload this codec sends (longer messages are fragmented). */
  default int maxFrame() {
    return Integer.MAX_VALUE;
  }

  /** Copies payload bytes after a frame header (masking them if the codec masks). */
  default void copyPayload(ByteBuffer out, byte[] src, int off, int len) {
    out.put(src, off, len);
  }
}
