package io.sluice.sp.internal;

import io.sluice.sp.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the WebSocket opening handshake (RFC 6455 §4.2) for SP: the client must ask
 * for our subprotocol ({@code <our-name>.sp.nanomsg.org}); we answer 101 and echo it. Any path is
 * served (as nanomsg does). I/O thread only.
 */
final class WsServerHandshake implements Handshake {
  private final Protocol protocol;
  private final HttpHead head = new HttpHead();

  WsServerHandshake(Protocol protocol) {
    this.protocol = protocol;
  }

  @Override
  public void start(StreamPipe pipe) {}

  @Override
  public boolean consume(ByteBuffer in, StreamPipe pipe) throws ProtocolException {
    if (!head.consume(in)) {
      return false;
    }
    if (!head.startLine().startsWith("GET ")) {
      throw new ProtocolException("not a WebSocket GET");
    }
    String key = head.header("Sec-WebSocket-Key");
    if (!head.header("Upgrade").equalsIgnoreCase("websocket")
        || !HttpHead.hasToken(head.header("Connection"), "upgrade")
        || key.isEmpty()
        || !head.header("Sec-WebSocket-Version").equals("13")) {
      throw new ProtocolException("not a WebSocket version 13 upgrade");
    }
    String wanted = protocol.wsSubprotocol();
    if (!HttpHead.hasToken(head.header("Sec-WebSocket-Protocol"), wanted)) {
      throw new ProtocolException("client did not ask for " + wanted);
    }
    String response =
        "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + HttpHead.acceptFor(key)
            + "\r\n"
            + "Sec-WebSocket-Protocol: "
            + wanted
            + "\r\n\r\n";
    pipe.writeRaw(response.getBytes(StandardCharsets.ISO_8859_1));
    return true;
  }

  @Override
  public int peerProtocol() {
    return protocol.peerId();
  }
}
