package io.sluice.sp.internal;

import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;

/**
 * A bound tcp, ipc or ws address accepting connections. For ipc, a socket file nobody answers on is
 * stale and replaced (the sp-ipc-mapping rule); one somebody answers on is in use. The file is
 * removed on close.
 *
 * <p>I/O thread only.
 */
final class StreamListener extends Endpoint implements IoHandler {
  private final LinkedHashSet<Pipe> pipes = new LinkedHashSet<>();
  private ServerSocketChannel server;
  private SelectionKey key;
  private Path ipcPath;
  private boolean closed;

  StreamListener(SocketCore core, Address address) {
    super(core, address);
  }

  @Override
  void start() {
    boolean ipc = address.scheme().equals("ipc");
    try {
      if (ipc) {
        ipcPath = Path.of(address.path());
        removeIfStale(ipcPath);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(ipcPath));
      } else {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address.bindAddress(), 128);
        url(address.url(((InetSocketAddress) server.getLocalAddress()).getPort()));
      }
      server.configureBlocking(false);
      key = core.reactor.register(server, SelectionKey.OP_ACCEPT, this);
    } catch (BindException e) {
      closeQuietly();
      throw new SpException(SpError.ADDRESS_IN_USE, "cannot bind " + url() + ": " + e.getMessage());
    } catch (IOException e) {
      closeQuietly();
      throw new SpException(SpError.IO, "cannot bind " + url() + ": " + e.getMessage(), e);
    }
  }

  private static void removeIfStale(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      throw new BindException("ipc path " + path + " is in use");
    } catch (BindException e) {
      throw e;
    } catch (IOException refused) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public void onReady(SelectionKey k) {
    for (int i = 0; i < 64; i++) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return;
      }
      if (ch == null) {
        return;
      }
      try {
        ch.configureBlocking(false);
        if (!address.scheme().equals("ipc")) {
          ch.setOption(StandardSocketOptions.TCP_NODELAY, core.options().tcpNoDelay());
        }
      } catch (IOException e) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
        continue;
      }
      StreamPipe pipe = new StreamPipe(core, this, ch, null, handshake(false), codec(false));
      pipes.add(pipe);
      pipe.start();
    }
  }

  @Override
  public void onFailure(Throwable t) {
    // accept errors are transient (e.g. out of file descriptors): keep listening
  }

  @Override
  void pipeClosed(Pipe pipe) {
    pipes.remove(pipe);
  }

  @Override
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
    for (Pipe p : new ArrayList<>(pipes)) {
      p.close();
    }
  }

  private void closeQuietly() {
    if (key != null) {
      key.cancel();
    }
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    if (ipcPath != null && key != null) {
      try {
        Files.deleteIfExists(ipcPath);
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
