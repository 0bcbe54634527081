package io.sluice.sp.internal;

import java.util.concurrent.TimeUnit;

/**
 * A connected inproc:// name: links a pipe pair with the bound socket, retrying at the reconnect
 * interval while the name is unbound or its socket is not a valid peer, and after the pipe closes.
 * I/O thread of its socket.
 */
final class InprocDialer extends Endpoint {
  private Pipe pipe;
  private Timer retry;
  private boolean closed;

  InprocDialer(SocketCore core, Address address) {
    super(core, address);
  }

  @Override
  void start() {
    attempt();
  }

  private void attempt() {
    retry = null;
    if (closed) {
      return;
    }
    InprocListener l = InprocListener.REGISTRY.get(address.path());
    if (l == null || !l.isOpen() || l.core.protocol.id() != core.protocol.peerId()) {
      scheduleRetry();
      return;
    }
    InprocPipe mine = new InprocPipe(core, this);
    InprocPipe theirs = new InprocPipe(l.core, l);
    InprocPipe.link(mine, theirs);
    pipe = mine;
    l.core.reactor.execute(() -> l.accept(theirs));
    core.addPipe(mine);
    if (mine.added) {
      mine.started();
    }
  }

  private void scheduleRetry() {
    if (closed || retry != null) {
      return;
    }
    retry =
        core.reactor.schedule(
            TimeUnit.MILLISECONDS.toNanos(core.options().reconnectIntervalMillis()), this::attempt);
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
    if (pipe != null) {
      pipe.close();
    }
  }
}
