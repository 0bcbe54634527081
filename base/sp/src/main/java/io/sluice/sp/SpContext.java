package io.sluice.sp;

import io.sluice.sp.internal.Reactor;
import io.sluice.sp.internal.SocketCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns one I/O thread (a {@code java.nio} selector loop) shared by the sockets opened from it.
 * Closing the context closes its sockets (each lingers as configured) and then stops the thread and
 * releases the selector.
 *
 * <p>Thread-safe.
 */
public final class SpContext implements AutoCloseable {
  private static final AtomicLong SEEDS = new AtomicLong(0x5eed);

  private final Reactor reactor;
  private final Set<SpSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SpContext(SpClock clock) {
    long seed = SEEDS.getAndAdd(0x9E3779B97F4A7C15L) ^ System.identityHashCode(this);
    this.reactor = new Reactor(clock, seed);
  }

  /** A context on the system clock. */
  public static SpContext create() {
    return new SpContext(SpClock.SYSTEM);
  }

  /** A context whose deadlines come from {@code clock}. */
  public static SpContext create(SpClock clock) {
    return new SpContext(clock);
  }

  /** Opens a cooked socket with default options. */
  public SpSocket open(Protocol protocol) {
    return open(protocol, SocketOptions.defaults());
  }

  /** Opens a cooked socket. */
  public SpSocket open(Protocol protocol, SocketOptions options) {
    return open(protocol, options, false);
  }

  /** Opens a raw socket (for devices: headers are visible and must be supplied). */
  public SpSocket openRaw(Protocol protocol, SocketOptions options) {
    return open(protocol, options, true);
  }

  SpSocket open(Protocol protocol, SocketOptions options, boolean raw) {
    return open(protocol, options, raw, false);
  }

  SpSocket open(Protocol protocol, SocketOptions options, boolean raw, boolean ownsContext) {
    if (closed) {
      throw new SpException(SpError.CLOSED, "context is closed");
    }
    SpSocket s = new SpSocket(new SocketCore(reactor, protocol, raw, options), this, ownsContext);
    sockets.add(s);
    return s;
  }

  void forget(SpSocket s) {
    sockets.remove(s);
  }

  /** Closes every socket of this context, then the I/O thread. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Thread> closers = new ArrayList<>();
    for (SpSocket s : sockets) {
      closers.add(Thread.ofVirtual().start(s::close));
    }
    for (Thread t : closers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    reactor.stop();
  }
}
