package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;

/**
 * Cooked REP and RESPONDENT: recv takes the next request and keeps its backtrace in the context;
 * send answers along it, BAD_STATE if no request is pending. A second recv forgets the earlier
 * backtrace (that request goes unanswered, as in nanomsg).
 *
 * <p>Thread-safe.
 */
final class RepFront extends Front {
  RepFront(SocketCore core) {
    super(core);
  }

  @Override
  public boolean send(Ctx ctx, Message m, long timeoutNanos) {
    checkCtx(ctx);
    byte[] bt;
    synchronized (ctx) {
      bt = ctx.backtrace;
      if (bt == null) {
        throw new SpException(SpError.BAD_STATE, "no request to answer");
      }
      ctx.backtrace = null;
    }
    if (!core.sendQueue.put(new Message(bt, m.body()), timeoutNanos)) {
      synchronized (ctx) {
        if (ctx.backtrace == null) {
          ctx.backtrace = bt;
        }
      }
      return false;
    }
    core.signalSend();
    return true;
  }

  @Override
  public Message recv(Ctx ctx, long timeoutNanos) {
    checkCtx(ctx);
    synchronized (ctx) {
      ctx.backtrace = null;
    }
    Message m = core.recvQueue.take(timeoutNanos);
    if (m == null) {
      return null;
    }
    synchronized (ctx) {
      ctx.backtrace = m.header();
    }
    return new Message(m.body());
  }

  @Override
  public boolean readable(Ctx ctx) {
    return !core.recvQueue.isEmpty();
  }

  @Override
  public boolean writable(Ctx ctx) {
    synchronized (ctx) {
      return ctx.backtrace != null;
    }
  }

  @Override
  public Ctx openContext() {
    core.checkOpen();
    return newCtx();
  }
}
