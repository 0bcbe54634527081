package io.sluice.sp.internal;

import io.sluice.sp.SocketOptions;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A connected tcp, ipc or ws address: dials, and re-dials whenever the connection fails or its pipe
 * closes, after the reconnect interval with jitter, doubling up to the maximum when one is set; a
 * completed handshake resets the interval.
 *
 * <p>I/O thread only.
 */
final class StreamDialer extends Endpoint implements IoHandler {
  private final SocketAddress target;
  private SocketChannel connecting;
  private SelectionKey key;
  private Pipe pipe;
  private Timer retry;
  private long interval;
  private boolean closed;

  StreamDialer(SocketCore core, Address address, SocketAddress target) {
    super(core, address);
    this.target = target;
  }

  @Override
  void start() {
    interval = core.options().reconnectIntervalMillis();
    attempt();
  }

  private void attempt() {
    retry = null;
    if (closed) {
      return;
    }
    SocketChannel ch = null;
    try {
      boolean unix = target instanceof UnixDomainSocketAddress;
      ch = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
      ch.configureBlocking(false);
      if (!unix) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, core.options().tcpNoDelay());
      }
      connecting = ch;
      if (ch.connect(target)) {
        connected(null);
      } else {
        key = core.reactor.register(ch, SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // failing anyway
        }
      }
      connecting = null;
      scheduleRetry();
    }
  }

  @Override
  public void onReady(SelectionKey k) {
    try {
      if (connecting.finishConnect()) {
        connected(k);
      }
    } catch (IOException e) {
      onFailure(e);
    }
  }

  @Override
  public void onFailure(Throwable t) {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (connecting != null) {
      try {
        connecting.close();
      } catch (IOException e) {
        // failing anyway
      }
      connecting = null;
    }
    scheduleRetry();
  }

  private void connected(SelectionKey k) {
    SocketChannel ch = connecting;
    connecting = null;
    key = null;
    StreamPipe p = new StreamPipe(core, this, ch, k, handshake(true), codec(true));
    pipe = p;
    p.start();
  }

  private void scheduleRetry() {
    if (closed || retry != null) {
      return;
    }
    SocketOptions o = core.options();
    long base = interval;
    long delay = base / 2 + core.reactor.random().nextLong(base / 2 + 1);
    if (o.reconnectIntervalMaxMillis() > 0) {
      interval = Math.min(interval * 2, Math.max(o.reconnectIntervalMaxMillis(), base));
    }
    retry = core.reactor.schedule(TimeUnit.MILLISECONDS.toNanos(Math.max(1, delay)), this::attempt);
  }

  @Override
  void pipeActive(Pipe p) {
    interval = core.options().reconnectIntervalMillis();
  }

  @Override
  void pipeClosed(Pipe p) {
    if (p == pipe) {
      pipe = null;
      scheduleRetry();
    }
  }

  @Override
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (retry != null) {
      retry.cancel();
    }
    if (key != null) {
      key.cancel();
    }
    if (connecting != null) {
      try {
        connecting.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (pipe != null) {
      pipe.close();
    }
  }
}
