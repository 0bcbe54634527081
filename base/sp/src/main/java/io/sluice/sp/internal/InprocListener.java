package io.sluice.sp.internal;

import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bound inproc:// name. Names are process-wide (as in nanomsg); binding a taken name fails with
 * ADDRESS_IN_USE.
 *
 * <p>I/O thread of its socket, except the registry.
 */
final class InprocListener extends Endpoint {
  static final ConcurrentHashMap<String, InprocListener> REGISTRY = new ConcurrentHashMap<>();

  private final LinkedHashSet<Pipe> pipes = new LinkedHashSet<>();
  private volatile boolean closed;

  InprocListener(SocketCore core, Address address) {
    super(core, address);
  }

  @Override
  void start() {
    if (REGISTRY.putIfAbsent(address.path(), this) != null) {
      throw new SpException(SpError.ADDRESS_IN_USE, "inproc://" + address.path() + " is bound");
    }
  }

  boolean isOpen() {
    return !closed;
  }

  /** Adopts the listener-side end of a new pipe (runs on this socket's I/O thread). */
  void accept(InprocPipe end) {
    if (closed) {
      end.close();
      return;
    }
    pipes.add(end);
    core.addPipe(end);
    if (end.added) {
      end.started();
    }
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
    REGISTRY.remove(address.path(), this);
    for (Pipe p : new ArrayList<>(pipes)) {
      p.close();
    }
  }
}
