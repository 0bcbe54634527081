package io.sluice.sp.internal;

import java.nio.ByteBuffer;

/**
 * SP framing over TCP ({@code size:u64 BE | payload}) and IPC ({@code 0x01 | size:u64 BE |
 * payload}), per the sp-tcp-mapping and sp-ipc-mapping RFCs. A size above the receive limit, or an
 * IPC message type other than 1, is a protocol error: the connection is dropped (as nanomsg and NNG
 * do). Compatibility rule: the framing is fixed by the RFCs; nothing may be added.
 *
 * <p>I/O thread only.
 */
final class SpStreamCodec implements Codec {
  private final boolean ipc;
  private final long maxSize;
  private byte[] current;
  private int filled;

  SpStreamCodec(boolean ipc, long maxSize) {
    this.ipc = ipc;
    this.maxSize = maxSize < 0 ? Integer.MAX_VALUE - 64 : Math.min(maxSize, Integer.MAX_VALUE - 64);
  }

  @Override
  public byte[] decode(ByteBuffer in) throws ProtocolException {
    if (current == null) {
      int need = ipc ? 9 : 8;
      if (in.remaining() < need) {
        return null;
      }
      if (ipc) {
        byte type = in.get();
        if (type != 1) {
          throw new ProtocolException("ipc message type " + (type & 0xff) + " (expected 1)");
        }
      }
      long size = in.getLong();
      if (size < 0 || size > maxSize) {
        throw new ProtocolException(
            "message of " + Long.toUnsignedString(size) + " bytes exceeds " + maxSize);
      }
      current = new byte[(int) size];
      filled = 0;
    }
    int n = Math.min(in.remaining(), current.length - filled);
    in.get(current, filled, n);
    filled += n;
    if (filled < current.length) {
      return null;
    }
    byte[] done = current;
    current = null;
    return done;
  }

  @Override
  public void writeFrameHeader(ByteBuffer out, int length, boolean first, boolean last) {
    if (ipc) {
      out.put((byte) 1);
    }
    out.putLong(length);
  }
}
