package io.sluice.sp.internal;

/**
 * A bound or connected address of a socket: a listener accepting pipes or a dialer keeping one pipe
 * connected (re-dialling with back-off). I/O thread only, except {@link #url()}.
 */
public abstract class Endpoint {
  /** The socket. */
  protected final SocketCore core;

  /** The parsed address. */
  protected final Address address;

  private volatile String url;

  Endpoint(SocketCore core, Address address) {
    this.core = core;
    this.address = address;
    this.url = address.url(address.port());
  }

  /** The URL, with the actual port once bound. Any thread. */
  public String url() {
    return url;
  }

  void url(String url) {
    this.url = url;
  }

  /** Starts listening or dialling; bind errors are thrown. */
  abstract void start();

  /** Stops and closes every pipe of this endpoint. */
  abstract void close();

  /** Told when one of its pipes closed. */
  abstract void pipeClosed(Pipe pipe);

  /** Told when one of its pipes completed its handshake and joined the socket. */
  void pipeActive(Pipe pipe) {}

  /** Creates the handshake for a new stream connection. */
  Handshake handshake(boolean client) {
    if (address.scheme().equals("ws")) {
      return client
          ? new WsClientHandshake(core.protocol, address)
          : new WsServerHandshake(core.protocol);
    }
    return new SpHandshake(core.protocol.id());
  }

  /** Creates the message codec for a new stream connection. */
  Codec codec(boolean client) {
    long max = core.options().recvMaxSize();
    return switch (address.scheme()) {
      case "ipc" -> new SpStreamCodec(true, max);
      case "ws" -> new WsCodec(client, max);
      default -> new SpStreamCodec(false, max);
    };
  }
}
