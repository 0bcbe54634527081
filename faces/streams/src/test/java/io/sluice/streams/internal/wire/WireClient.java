package io.sluice.streams.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.WireCodec;
import io.sluice.protocol.wire.WireCommand;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking wire-protocol client for tests: send commands, receive replies. Not thread-safe. */
final class WireClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  WireClient(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void send(WireCommand c) throws IOException {
    ByteBuf b = Unpooled.buffer();
    try {
      WireCodec.encode(c, b);
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      out.write(a);
      out.flush();
    } finally {
      b.release();
      io.netty.util.ReferenceCountUtil.release(c);
    }
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  WireCommand receive() throws IOException {
    int type = in.readInt();
    int len = in.readInt();
    byte[] payload = new byte[len];
    in.readFully(payload);
    ByteBuf b = Unpooled.buffer(8 + len);
    b.writeInt(type).writeInt(len).writeBytes(payload);
    return WireCodec.decode(b);
  }

  /** Whether the server closed the connection (reads end) within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain whatever was sent before the close
      }
      return true;
    } catch (EOFException | java.net.SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
