package io.sluice.sessions.internal;

import io.sluice.sessions.client.SessionsError;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Reply} that is a future: it completes with the operation's value, or exceptionally with
 * an {@link IllegalStateException} naming the error. For in-process callers that wait (load tools,
 * tests); not API. Thread-safe, as {@link CompletableFuture}.
 */
public final class FutureReply<T> extends CompletableFuture<T> implements Reply<T> {
  @Override
  public void ok(T value) {
    complete(value);
  }

  @Override
  public void fail(SessionsError error, String message) {
    completeExceptionally(new IllegalStateException(error + ": " + message));
  }
}
