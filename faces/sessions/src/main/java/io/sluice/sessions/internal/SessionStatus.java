package io.sluice.sessions.internal;

import io.sluice.sessions.v1.SessionState;

/** The life cycle of a live session, with its code in the log. Immutable. */
enum SessionStatus {
  /** Being written by the client that opened it. */
  OPEN(1, SessionState.OPEN),
  /** Waiting for its due time. */
  STORED(2, SessionState.STORED),
  /** Handed to a handler under a lease. */
  DELIVERED(3, SessionState.DELIVERED);

  final int code;
  final SessionState wire;

  SessionStatus(int code, SessionState wire) {
    this.code = code;
    this.wire = wire;
  }

  /** The status with this log code, or null. */
  static SessionStatus ofCode(int code) {
    for (SessionStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
