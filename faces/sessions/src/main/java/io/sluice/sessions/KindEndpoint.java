package io.sluice.sessions;

import java.time.Duration;
import java.util.Objects;

/**
 * A kind whose due sessions the node hands, by itself, to a peer listening on an SP (nanomsg) REP
 * socket: the node dials {@code url} with a REQ socket, sends each due session as one request and
 * applies the reply (the format is in {@code io.sluice.sessions.internal.EndpointCodec}). No reply
 * within {@code requestTimeout}, an unreadable reply or a dead peer is a failed attempt: the
 * session is stored again with its kind's default timeout, and moves to the kind's dead-letter kind
 * after its max attempts. Immutable.
 *
 * @param kind the kind served
 * @param url an SP address to dial: {@code tcp://host:port}, {@code ipc:///path}, {@code
 *     ws://host:port/path}
 * @param requestTimeout how long the node waits for the reply to one request
 * @param maxInFlight how many sessions are out with the peer at once (one REQ context each)
 */
public record KindEndpoint(int kind, String url, Duration requestTimeout, int maxInFlight) {
  /** The request timeout when none is configured. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Sessions out at once when not configured. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1;

  public KindEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (!url.matches("^(tcp|ipc|ws|inproc)://.+")) {
      throw new IllegalArgumentException(
          "endpoint '" + url + "' is not an SP address (tcp://, ipc://, ws:// or inproc://)");
    }
    if (requestTimeout.isNegative()
        || requestTimeout.isZero()
        || requestTimeout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "request timeout must be positive and at most a day, was " + requestTimeout);
    }
    if (maxInFlight < 1 || maxInFlight > 1024) {
      throw new IllegalArgumentException("in-flight must be 1..1024, was " + maxInFlight);
    }
  }
}
