package io.sluice.sessions.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a handler subscribes. Immutable.
 *
 * @param lease how long a delivered session stays with this handler without delete, store or renew;
 *     {@link Duration#ZERO} means the kind's default timeout
 * @param maxInFlight how many sessions the handler works on at once (each on its own virtual
 *     thread)
 * @param reconnectDelay pause before resubscribing after the stream broke
 */
public record HandlerOptions(Duration lease, int maxInFlight, Duration reconnectDelay) {
  public HandlerOptions {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
    }
  }

  /** The kind's default lease, one session at a time, 500 ms reconnect delay. */
  public static HandlerOptions defaults() {
    return new HandlerOptions(Duration.ZERO, 1, Duration.ofMillis(500));
  }

  public HandlerOptions withLease(Duration v) {
    return new HandlerOptions(v, maxInFlight, reconnectDelay);
  }

  public HandlerOptions withMaxInFlight(int v) {
    return new HandlerOptions(lease, v, reconnectDelay);
  }

  public HandlerOptions withReconnectDelay(Duration v) {
    return new HandlerOptions(lease, maxInFlight, v);
  }
}
