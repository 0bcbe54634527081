package io.sluice.sp.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * RFC 6455 framing for SP over WebSocket: one SP message per WebSocket message, sent as one binary
 * frame (masked by clients), received possibly fragmented, text or binary. Pings are answered with
 * pongs; a close frame, an unmasked client frame, reserved bits, or a message over the receive
 * limit end the connection. I/O thread only.
 */
final class WsCodec implements Codec {
  private final boolean client;
  private final long maxSize;
  private final byte[] mask = new byte[4];
  private int maskPos;
  private StreamPipe pipe;
  private byte[] message;
  private int messageLength;
  private boolean inMessage;
  private byte[] frame;
  private int frameFilled;
  private int frameOpcode;
  private boolean frameFin;
  private boolean frameMasked;
  private final byte[] frameMask = new byte[4];

  WsCodec(boolean client, long maxSize) {
    this.client = client;
    this.maxSize = maxSize < 0 ? Integer.MAX_VALUE - 64 : Math.min(maxSize, Integer.MAX_VALUE - 64);
  }

  void attach(StreamPipe pipe) {
    this.pipe = pipe;
  }

  @Override
  public byte[] decode(ByteBuffer in) throws ProtocolException {
    while (true) {
      if (frame == null && !readFrameHeader(in)) {
        return null;
      }
      int n = Math.min(in.remaining(), frame.length - frameFilled);
      in.get(frame, frameFilled, n);
      frameFilled += n;
      if (frameFilled < frame.length) {
        return null;
      }
      byte[] payload = frame;
      frame = null;
      if (frameMasked) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= frameMask[i & 3];
        }
      }
      if (frameOpcode >= 8) {
        control(payload);
        continue;
      }
      if (frameFin && !inMessage) {
        return payload;
      }
      if (message == null) {
        message = new byte[Math.max(payload.length, 256)];
        messageLength = 0;
      }
      if ((long) messageLength + payload.length > maxSize) {
        throw new ProtocolException("fragmented message exceeds " + maxSize);
      }
      if (messageLength + payload.length > message.length) {
        message =
            Arrays.copyOf(
                message,
                (int)
                    Math.min(
                        maxSize, Math.max(message.length * 2L, messageLength + payload.length)));
      }
      System.arraycopy(payload, 0, message, messageLength, payload.length);
      messageLength += payload.length;
      inMessage = !frameFin;
      if (frameFin) {
        byte[] done = Arrays.copyOf(message, messageLength);
        message = null;
        return done;
      }
    }
  }

  /** Reads a whole frame header if available (without consuming a partial one). */
  private boolean readFrameHeader(ByteBuffer in) throws ProtocolException {
    if (in.remaining() < 2) {
      return false;
    }
    int p = in.position();
    int b0 = in.get(p) & 0xff;
    int b1 = in.get(p + 1) & 0xff;
    boolean masked = (b1 & 0x80) != 0;
    int len7 = b1 & 0x7f;
    int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
    if (in.remaining() < need) {
      return false;
    }
    if ((b0 & 0x70) != 0) {
      throw new ProtocolException("reserved WebSocket bits set");
    }
    if (masked == client) {
      throw new ProtocolException(client ? "server frame is masked" : "client frame not masked");
    }
    int opcode = b0 & 0x0f;
    boolean fin = (b0 & 0x80) != 0;
    in.position(p + 2);
    long len = len7 == 126 ? (in.getShort() & 0xffff) : len7 == 127 ? in.getLong() : len7;
    if (masked) {
      in.get(frameMask);
    }
    if (opcode >= 8) {
      if (!fin || len > 125) {
        throw new ProtocolException("bad WebSocket control frame");
      }
    } else if (opcode == 0 ? !inMessage : (opcode > 2 || inMessage)) {
      throw new ProtocolException("bad WebSocket frame sequence (opcode " + opcode + ")");
    }
    if (len < 0 || len > maxSize) {
      throw new ProtocolException("WebSocket frame of " + len + " bytes exceeds " + maxSize);
    }
    frame = new byte[(int) len];
    frameFilled = 0;
    frameOpcode = opcode;
    frameFin = fin;
    frameMasked = masked;
    return true;
  }

  private void control(byte[] payload) throws ProtocolException {
    switch (frameOpcode) {
      case 8 -> throw new ProtocolException("WebSocket closed by peer");
      case 9 -> {
        if (pipe != null) {
          pipe.writeRaw(controlFrame(10, payload));
        }
      }
      case 10 -> {}
      default -> throw new ProtocolException("unknown WebSocket control opcode " + frameOpcode);
    }
  }

  private byte[] controlFrame(int opcode, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(2 + (client ? 4 : 0) + payload.length);
    writeHeader(b, 0x80 | opcode, payload.length);
    for (byte x : payload) {
      b.put((byte) (x ^ (client ? mask[maskPos++ & 3] : 0)));
    }
    return b.array();
  }

  /** Outgoing messages are split into frames of at most 64 KiB (NNG refuses frames over 1 MiB). */
  static final int MAX_FRAME = 64 * 1024;

  @Override
  public int maxFrame() {
    return MAX_FRAME;
  }

  @Override
  public void writeFrameHeader(ByteBuffer out, int length, boolean first, boolean last) {
    writeHeader(out, (last ? 0x80 : 0) | (first ? 0x2 : 0x0), length);
  }

  private void writeHeader(ByteBuffer out, int b0, int length) {
    out.put((byte) b0);
    int m = client ? 0x80 : 0;
    if (length < 126) {
      out.put((byte) (m | length));
    } else if (length < 65536) {
      out.put((byte) (m | 126));
      out.putShort((short) length);
    } else {
      out.put((byte) (m | 127));
      out.putLong(length);
    }
    if (client) {
      pipe.core.reactor.random().nextBytes(mask);
      out.put(mask);
      maskPos = 0;
    }
  }

  @Override
  public void copyPayload(ByteBuffer out, byte[] src, int off, int len) {
    if (!client) {
      out.put(src, off, len);
      return;
    }
    for (int i = 0; i < len; i++) {
      out.put((byte) (src[off + i] ^ mask[maskPos++ & 3]));
    }
  }
}
