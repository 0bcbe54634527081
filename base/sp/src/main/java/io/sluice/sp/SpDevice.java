package io.sluice.sp;

import java.util.ArrayList;
import java.util.List;

/**
 * Forwards messages between two raw sockets (a bridge, like {@code nn_device(s1, s2)}) or from a
 * raw socket back to itself (a reflector, {@code nn_device(s, -1)}), keeping backtraces intact so
 * replies find their way back; the hop limit (max TTL) of the receiving sockets stops loops. Each
 * direction runs on one virtual thread. Closing the device, or either socket, stops it.
 *
 * <p>Thread-safe.
 */
public final class SpDevice implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  private SpDevice() {}

  /**
   * Bridges {@code a} and {@code b}: both raw, and peers of each other (e.g. REP and REQ, SUB and
   * PUB, PULL and PUSH, RESPONDENT and SURVEYOR) or both BUS or both PAIR.
   */
  public static SpDevice bridge(SpSocket a, SpSocket b) {
    if (!a.isRaw() || !b.isRaw()) {
      throw new SpException(SpError.BAD_STATE, "devices need raw sockets");
    }
    if (a.protocol().peerId() != b.protocol().id()) {
      throw new SpException(
          SpError.BAD_STATE, a.protocol() + " and " + b.protocol() + " cannot be bridged");
    }
    SpDevice d = new SpDevice();
    if (a.protocol().canRecv() && b.protocol().canSend()) {
      d.forward(a, b);
    }
    if (b.protocol().canRecv() && a.protocol().canSend()) {
      d.forward(b, a);
    }
    return d;
  }

  /** Reflects every message {@code s} receives back into {@code s} (raw BUS or PAIR, typically). */
  public static SpDevice reflect(SpSocket s) {
    if (!s.isRaw()) {
      throw new SpException(SpError.BAD_STATE, "devices need raw sockets");
    }
    if (!s.protocol().canRecv() || !s.protocol().canSend()) {
      throw new SpException(SpError.BAD_STATE, s.protocol() + " cannot be reflected");
    }
    SpDevice d = new SpDevice();
    d.forward(s, s);
    return d;
  }

  private void forward(SpSocket from, SpSocket to) {
    threads.add(
        Thread.ofVirtual()
            .name("sluice-sp-device")
            .start(
                () -> {
                  while (!stopped) {
                    try {
                      Message m = from.recv(-1);
                      to.send(m, -1);
                    } catch (SpException e) {
                      if (e.error() == SpError.CLOSED || e.error() == SpError.INTERRUPTED) {
                        return;
                      }
                    }
                  }
                }));
  }

  /** Whether every forwarding thread ended (after close, or after its sockets closed). */
  public boolean isStopped() {
    for (Thread t : threads) {
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Stops forwarding (the sockets stay open) and waits for the threads. */
  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
