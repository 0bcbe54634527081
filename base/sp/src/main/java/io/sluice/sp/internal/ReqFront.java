package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;

/**
 * Cooked REQ: send starts a request (cancelling the context's previous one; never blocks, the
 * request waits for a peer on the I/O thread); recv waits for its reply, BAD_STATE if none is
 * outstanding. Late replies to cancelled requests never surface.
 *
 * <p>Thread-safe.
 */
final class ReqFront extends AskingFront {
  ReqFront(SocketCore core) {
    super(core);
  }

  @Override
  public boolean send(Ctx ctx, Message m, long timeoutNanos) {
    checkCtx(ctx);
    int id;
    synchronized (ctx) {
      id = newId();
      ctx.requestId = id;
      ctx.replies.clear();
    }
    Message wire = new Message(Backtrace.bytes(id), m.body());
    ReqBack back = (ReqBack) core.back;
    core.execute(() -> back.request(ctx, id, wire));
    return true;
  }

  @Override
  public Message recv(Ctx ctx, long timeoutNanos) {
    checkCtx(ctx);
    long deadline = core.reactor.now() + timeoutNanos;
    while (true) {
      int id = ctx.requestId;
      if (id == 0) {
        throw new SpException(SpError.BAD_STATE, "no request outstanding");
      }
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - core.reactor.now());
      Message reply = ctx.replies.take(left);
      if (reply == null) {
        return null;
      }
      synchronized (ctx) {
        if (Backtrace.int32(reply.header(), 0) == ctx.requestId) {
          ctx.requestId = 0;
          return new Message(reply.body());
        }
      }
    }
  }

  @Override
  void cancelOnIo(Ctx ctx) {
    ((ReqBack) core.back).cancel(ctx);
  }
}
