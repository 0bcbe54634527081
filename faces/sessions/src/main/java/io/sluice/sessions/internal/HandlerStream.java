package io.sluice.sessions.internal;

import io.grpc.stub.StreamObserver;
import io.sluice.sessions.v1.Delivery;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One handler subscribed to one kind (a {@code Handle} stream, or the node's own SP endpoint
 * handler): its lease length, how many sessions it may hold at once, and the ids of those it holds.
 * Owned by the sessions loop thread (the stream is only written from there); not thread-safe.
 */
final class HandlerStream {
  final int kind;

  /** What the handler asked for (0: the kind's default timeout). */
  final long requestedLeaseMillis;

  /** The lease each delivery gets, settled when the handler is added. */
  long leaseMillis;

  final int maxInFlight;

  /** Sessions to hand out before ending the stream; 0 = no limit. */
  final long maxDeliveries;

  long delivered;
  final StreamObserver<Delivery> stream;
  final Set<Long> inFlight = new LinkedHashSet<>();
  boolean closed;

  HandlerStream(
      int kind,
      long requestedLeaseMillis,
      int maxInFlight,
      long maxDeliveries,
      StreamObserver<Delivery> stream) {
    this.maxDeliveries = maxDeliveries;
    this.kind = kind;
    this.requestedLeaseMillis = requestedLeaseMillis;
    this.maxInFlight = maxInFlight;
    this.stream = stream;
  }

  boolean hasRoom() {
    return !closed && inFlight.size() < maxInFlight && !exhausted();
  }

  /** Whether it was handed all the sessions it asked for. */
  boolean exhausted() {
    return maxDeliveries > 0 && delivered >= maxDeliveries;
  }

  @Override
  public String toString() {
    return "handler of kind " + kind + " (" + inFlight.size() + "/" + maxInFlight + " in flight)";
  }
}
