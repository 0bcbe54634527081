package io.sluice.sp.internal;

/**
 * The per-context state of a REQ, REP, SURVEYOR or RESPONDENT socket (NNG's contexts): every socket
 * has a default one, and users may open more to keep several requests or replies outstanding on one
 * socket.
 *
 * <p>Thread-safe: volatile fields and a per-context lock for compound updates.
 */
public final class Ctx {
  /** Replies or survey answers routed to this context (REQ, SURVEYOR). */
  final MessageQueue replies;

  /** Outstanding request or survey id (MSB set), 0 when none. */
  volatile int requestId;

  /** Survey deadline in clock nanos. */
  volatile long deadline;

  /** Backtrace of the request being answered (REP, RESPONDENT), null when none. */
  byte[] backtrace;

  /** Whether closed. */
  volatile boolean closed;

  Ctx(MessageQueue replies) {
    this.replies = replies;
  }
}
