package io.sluice.cli.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.wire.Hello;
import io.sluice.protocol.wire.WireCodec;
import io.sluice.protocol.wire.WireCommand;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A blocking segment-store connection for the command line: frames out through {@link WireCodec},
 * replies read one frame at a time. Not thread-safe.
 */
final class WireConnection implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  WireConnection(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    send(new Hello(WireCommand.WIRE_VERSION, WireCommand.OLDEST_COMPATIBLE_VERSION));
    flush();
    WireCommand reply = receive();
    if (!(reply instanceof Hello)) {
      throw new IOException("segment store answered the handshake with " + reply.type());
    }
  }

  /** Buffers a command (call {@link #flush}); releases it. */
  void send(WireCommand c) throws IOException {
    ByteBuf b = Unpooled.buffer();
    try {
      WireCodec.encode(c, b);
      b.readBytes(out, b.readableBytes());
    } finally {
      b.release();
      ReferenceCountUtil.release(c);
    }
  }

  void flush() throws IOException {
    out.flush();
  }

  /** The next reply (frames are bounded by the protocol's 16 MiB limit). */
  WireCommand receive() throws IOException {
    int type = in.readInt();
    int len = in.readInt();
    WireCodec.checkHeader(type, len);
    byte[] payload = new byte[len];
    in.readFully(payload);
    ByteBuf b = Unpooled.buffer(8 + len);
    b.writeInt(type).writeInt(len).writeBytes(payload);
    return WireCodec.decode(b);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
