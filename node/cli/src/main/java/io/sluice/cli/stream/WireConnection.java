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
 * A blocking segment-store connection for the command line and the training run ({@code sluice
 * exercise}): commands buffered out through {@link WireCodec}, replies read one frame at a time,
 * after the {@code Hello} handshake. Not thread-safe.
 */
public final class WireConnection implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final ByteBuf encoded = Unpooled.buffer();

  /** Connects and makes the handshake; throws if the segment store does not answer it. */
  public WireConnection(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024);
    send(new Hello(WireCommand.WIRE_VERSION, WireCommand.OLDEST_COMPATIBLE_VERSION));
    flush();
    WireCommand reply = receive();
    if (!(reply instanceof Hello)) {
      throw new IOException("segment store answered the handshake with " + reply.type());
    }
  }

  /** Buffers a command (call {@link #flush}); releases it. */
  public void send(WireCommand c) throws IOException {
    try {
      encoded.clear();
      WireCodec.encode(c, encoded);
      encoded.readBytes(out, encoded.readableBytes());
    } finally {
      ReferenceCountUtil.release(c);
    }
  }

  /** Sends what {@link #send} buffered. */
  public void flush() throws IOException {
    out.flush();
  }

  /**
   * The next reply (frames are bounded by the protocol's 16 MiB limit); the caller releases it (a
   * data command holds the bytes of its frame).
   */
  public WireCommand receive() throws IOException {
    int type = in.readInt();
    int len = in.readInt();
    WireCodec.checkHeader(type, len);
    ByteBuf b = Unpooled.buffer(WireCommand.HEADER_SIZE + len);
    b.writeInt(type).writeInt(len);
    in.readFully(b.array(), b.arrayOffset() + b.writerIndex(), len);
    b.writerIndex(b.writerIndex() + len);
    try {
      return WireCodec.decode(b); // a data command keeps a retained slice of b
    } finally {
      b.release();
    }
  }

  @Override
  public void close() throws IOException {
    encoded.release();
    socket.close();
  }
}
