package io.sluice.sp;

import io.sluice.sp.internal.Endpoint;
import io.sluice.sp.internal.SocketCore;
import java.net.URI;

/**
 * A bound or connected address of a socket. {@link #url()} has the actual port after binding port
 * 0. Closing it stops listening or dialling and closes its connections.
 *
 * <p>Thread-safe.
 */
public final class SpEndpoint implements AutoCloseable {
  private final SocketCore core;
  private final Endpoint endpoint;

  SpEndpoint(SocketCore core, Endpoint endpoint) {
    this.core = core;
    this.endpoint = endpoint;
  }

  /** The URL, e.g. {@code tcp://127.0.0.1:40123}. */
  public String url() {
    return endpoint.url();
  }

  /** The TCP port (tcp and ws), or -1. */
  public int port() {
    String u = url();
    if (u.startsWith("tcp://") || u.startsWith("ws://")) {
      return URI.create(u.startsWith("tcp") ? "x" + u.substring(3) : u).getPort();
    }
    return -1;
  }

  /** Stops this endpoint. */
  @Override
  public void close() {
    if (!core.isClosed()) {
      core.closeEndpoint(endpoint);
    }
  }

  @Override
  public String toString() {
    return url();
  }
}
