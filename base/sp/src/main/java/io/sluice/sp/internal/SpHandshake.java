package io.sluice.sp.internal;

import java.nio.ByteBuffer;

/**
 * The SP connection header of tcp and ipc: both sides send {@code 00 53 50 00 | type:u16 BE | 00
 * 00} and check the peer's. Any other signature, version or reserved bytes are a protocol error.
 *
 * <p>I/O thread only.
 */
final class SpHandshake implements Handshake {
  private final int ourProtocol;
  private int peer = -1;

  SpHandshake(int ourProtocol) {
    this.ourProtocol = ourProtocol;
  }

  static byte[] header(int protocol) {
    return new byte[] {0, 'S', 'P', 0, (byte) (protocol >>> 8), (byte) protocol, 0, 0};
  }

  @Override
  public void start(StreamPipe pipe) {
    pipe.writeRaw(header(ourProtocol));
  }

  @Override
  public boolean consume(ByteBuffer in, StreamPipe pipe) throws ProtocolException {
    if (in.remaining() < 8) {
      return false;
    }
    byte[] h = new byte[8];
    in.get(h);
    if (h[0] != 0 || h[1] != 'S' || h[2] != 'P' || h[3] != 0) {
      throw new ProtocolException("bad SP header signature");
    }
    if (h[6] != 0 || h[7] != 0) {
      throw new ProtocolException("reserved SP header bytes set");
    }
    peer = ((h[4] & 0xff) << 8) | (h[5] & 0xff);
    return true;
  }

  @Override
  public int peerProtocol() {
    return peer;
  }
}
