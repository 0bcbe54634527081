package io.sluice.sp;

import io.sluice.sp.internal.Ctx;
import io.sluice.sp.internal.Front;
import io.sluice.sp.internal.SocketCore;
import java.util.concurrent.CompletableFuture;

/**
 * An independent request state on a REQ, REP, SURVEYOR or RESPONDENT socket (NNG's contexts): each
 * context has its own outstanding request or survey, so one socket can serve many concurrent
 * exchanges. Uses the socket's timeouts.
 *
 * <p>Thread-safe, but one exchange per context at a time is the intended use.
 */
public final class SocketContext implements AutoCloseable {
  private final SocketCore core;
  private final Front front;
  private final Ctx ctx;

  SocketContext(SocketCore core, Ctx ctx) {
    this.core = core;
    this.front = core.front();
    this.ctx = ctx;
  }

  /** Sends (a request, survey or reply) on this context. */
  public void send(Message m) {
    SpSocket.SocketCalls.send(front, ctx, m, core.options().sendTimeoutMillis());
  }

  /** Receives (a reply, answer or request) on this context. */
  public Message recv() {
    return SpSocket.SocketCalls.recv(front, ctx, core.options().recvTimeoutMillis());
  }

  /** Receives, waiting up to {@code timeoutMillis} (-1 forever). */
  public Message recv(long timeoutMillis) {
    return SpSocket.SocketCalls.recv(front, ctx, timeoutMillis);
  }

  /** Sends in the background. */
  public CompletableFuture<Void> sendAsync(Message m) {
    return SpSocket.SocketCalls.sendAsync(front, ctx, m, core.options().sendTimeoutMillis());
  }

  /** Receives in the background. */
  public CompletableFuture<Message> recvAsync() {
    return SpSocket.SocketCalls.recvAsync(front, ctx, core.options().recvTimeoutMillis());
  }

  /** Closes the context: its waiters get CLOSED and its outstanding request is dropped. */
  @Override
  public void close() {
    front.closeContext(ctx);
  }
}
