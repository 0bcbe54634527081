package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The I/O-thread half of a protocol: routes messages from the send queue to pipes, and messages
 * from pipes to the receive queue (or to contexts), with the load-balancing, fan-out, fair-queueing
 * and stalled-reader bookkeeping the protocols share.
 *
 * <p>I/O thread only.
 */
abstract class ProtocolBack {
  final SocketCore core;
  final ArrayList<Pipe> pipes = new ArrayList<>();
  private final ArrayDeque<Pipe> stalled = new ArrayDeque<>();
  private int next;

  /** A message taken from the send queue that found no writable pipe yet. */
  Message pending;

  ProtocolBack(SocketCore core) {
    this.core = core;
  }

  static ProtocolBack create(SocketCore core) {
    boolean raw = core.raw;
    return switch (core.protocol) {
      case PAIR, PAIR1 -> new PairBack(core);
      case PUB -> new PubBack(core);
      case SUB -> new SubBack(core);
      case PUSH -> new PushBack(core);
      case PULL -> new PullBack(core);
      case REQ -> raw ? new RawRequestBack(core, false) : new ReqBack(core);
      case SURVEYOR -> raw ? new RawRequestBack(core, true) : new SurveyorBack(core);
      case REP, RESPONDENT -> new RepBack(core);
      case BUS -> new BusBack(core);
    };
  }

  /** A pipe finished its handshake; false refuses it (it is closed). */
  boolean pipeAdded(Pipe p) {
    pipes.add(p);
    return true;
  }

  /** A pipe was accepted and may now carry traffic. */
  void pipeReady(Pipe p) {
    drain();
  }

  /** A pipe closed. */
  void pipeRemoved(Pipe p) {
    pipes.remove(p);
    stalled.remove(p);
  }

  /** A pipe that was full has room again. */
  void pipeWritable(Pipe p) {
    drain();
  }

  /** A message arrived on {@code p}; false means "hold it, the receive queue is full". */
  abstract boolean onMessage(Pipe p, byte[] payload);

  /** Moves messages from the send queue to pipes. */
  void drain() {}

  /** Whether nothing is held back for sending (for linger). */
  boolean idle() {
    return pending == null;
  }

  /** The socket finished closing. */
  void closed() {}

  /** The next writable pipe in round-robin order, or null. */
  Pipe nextWritable() {
    int n = pipes.size();
    for (int i = 0; i < n; i++) {
      int k = (next + i) % n;
      Pipe p = pipes.get(k);
      if (p.writable()) {
        next = (k + 1) % n;
        return p;
      }
    }
    return null;
  }

  /** Sends queued messages round-robin over writable pipes ({@link #outgoing} may rewrite). */
  void drainLoadBalanced() {
    while (true) {
      if (pending == null) {
        pending = core.sendQueue.poll();
        if (pending == null) {
          return;
        }
      }
      Pipe p = nextWritable();
      if (p == null) {
        return;
      }
      Message m = outgoing(pending);
      pending = null;
      if (m != null) {
        p.write(m);
      }
    }
  }

  /**
   * Sends every queued message to every writable pipe except {@code except}, dropping for full
   * pipes.
   */
  void drainBroadcast() {
    Message m;
    while ((m = core.sendQueue.poll()) != null) {
      Message out = outgoing(m);
      if (out != null) {
        broadcast(out, null);
      }
    }
  }

  void broadcast(Message m, Pipe except) {
    for (int i = 0, n = pipes.size(); i < n; i++) {
      Pipe p = pipes.get(i);
      if (p != except && p.writable()) {
        p.write(m);
      }
    }
  }

  /** Rewrites a message from the send queue for the wire; null drops it. */
  Message outgoing(Message m) {
    return m;
  }

  /**
   * Offers a received message to the user, stalling the pipe if the queue is full. While other
   * pipes wait for room, a message queues behind them (fair queueing), except the one message a
   * resumed pipe may deliver on its turn.
   */
  boolean deliver(Pipe p, Message m) {
    boolean mayPass = stalled.isEmpty() || (p == resuming && resumingTurn);
    if (mayPass && core.recvQueue.offer(m)) {
      if (p == resuming) {
        resumingTurn = false;
      }
      return true;
    }
    if (!stalled.contains(p)) {
      stalled.add(p);
    }
    core.hasStalled = true;
    if (core.recvQueue.hasRoom()) {
      core.signalResume();
    }
    return false;
  }

  private Pipe resuming;
  private boolean resumingTurn;

  /** Lets stalled pipes deliver again, one message per turn in round-robin order. */
  void resumeStalled() {
    while (core.recvQueue.hasRoom() && !stalled.isEmpty()) {
      Pipe p = stalled.poll();
      resuming = p;
      resumingTurn = true;
      p.resume();
      resuming = null;
    }
    core.hasStalled = !stalled.isEmpty();
    if (core.hasStalled && core.recvQueue.hasRoom()) {
      core.signalResume();
    }
  }
}
