package io.sluice.sessions.internal;

import io.sluice.sessions.client.SessionsError;

/**
 * Where the outcome of one operation goes: exactly one of {@link #ok} or {@link #fail} is called,
 * once, on the sessions loop thread. Implementations must be cheap and must not block. Public only
 * for in-process load tools (bench); not API.
 */
public interface Reply<T> {
  void ok(T value);

  void fail(SessionsError error, String message);
}
