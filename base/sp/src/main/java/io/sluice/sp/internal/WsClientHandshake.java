package io.sluice.sp.internal;

import io.sluice.sp.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of the WebSocket opening handshake (RFC 6455 §4.1) for SP: asks for the peer's
 * subprotocol ({@code <peer-name>.sp.nanomsg.org}) and checks the 101 answer, its accept key and
 * the echoed subprotocol. I/O thread only.
 */
final class WsClientHandshake implements Handshake {
  private final Protocol protocol;
  private final Address address;
  private final HttpHead head = new HttpHead();
  private String key;

  WsClientHandshake(Protocol protocol, Address address) {
    this.protocol = protocol;
    this.address = address;
  }

  @Override
  public void start(StreamPipe pipe) {
    byte[] nonce = new byte[16];
    pipe.core.reactor.random().nextBytes(nonce);
    key = Base64.getEncoder().encodeToString(nonce);
    String host = address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
    String request =
        "GET "
            + address.path()
            + " HTTP/1.1\r\n"
            + "Host: "
            + host
            + ":"
            + address.port()
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: "
            + protocol.peer().wsSubprotocol()
            + "\r\n\r\n";
    pipe.writeRaw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public boolean consume(ByteBuffer in, StreamPipe pipe) throws ProtocolException {
    if (!head.consume(in)) {
      return false;
    }
    String[] status = head.startLine().split(" ");
    if (status.length < 2 || !status[1].equals("101")) {
      throw new ProtocolException("WebSocket upgrade refused: " + head.startLine());
    }
    if (!head.header("Sec-WebSocket-Accept").equals(HttpHead.acceptFor(key))) {
      throw new ProtocolException("bad Sec-WebSocket-Accept");
    }
    String proto = head.header("Sec-WebSocket-Protocol");
    if (!proto.isEmpty() && !proto.equalsIgnoreCase(protocol.peer().wsSubprotocol())) {
      throw new ProtocolException("server chose subprotocol " + proto);
    }
    return true;
  }

  @Override
  public int peerProtocol() {
    return protocol.peerId();
  }
}
