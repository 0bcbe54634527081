package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Cooked SURVEYOR: a survey goes to every respondent that has room (best effort); answers are
 * matched by survey id and routed to the surveying context until its deadline, after which they are
 * stale and dropped. An answer shorter than a survey id closes its pipe.
 *
 * <p>I/O thread only.
 */
final class SurveyorBack extends ProtocolBack {
  private final Map<Integer, Ctx> byId = new HashMap<>();
  private final Map<Ctx, Integer> byCtx = new HashMap<>();
  private final Map<Integer, Timer> expiries = new HashMap<>();

  SurveyorBack(SocketCore core) {
    super(core);
  }

  /** Starts survey {@code id} for {@code ctx} until {@code deadline} (clock nanos). */
  void survey(Ctx ctx, int id, Message wire, long deadline) {
    cancel(ctx);
    if (ctx.closed) {
      return;
    }
    byId.put(id, ctx);
    byCtx.put(ctx, id);
    expiries.put(id, core.reactor.schedule(deadline - core.reactor.now(), () -> expire(ctx, id)));
    broadcast(wire, null);
  }

  private void expire(Ctx ctx, int id) {
    if (byId.get(id) == ctx) {
      byId.remove(id);
      byCtx.remove(ctx);
      expiries.remove(id);
    }
  }

  /** Ends the context's survey. */
  void cancel(Ctx ctx) {
    Integer old = byCtx.remove(ctx);
    if (old != null) {
      byId.remove(old);
      Timer t = expiries.remove(old);
      if (t != null) {
        t.cancel();
      }
    }
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    if (payload.length < 4) {
      p.close();
      return true;
    }
    int id = Backtrace.int32(payload, 0);
    Ctx ctx = byId.get(id);
    if (ctx != null) {
      ctx.replies.offer(
          new Message(Backtrace.bytes(id), Arrays.copyOfRange(payload, 4, payload.length)));
    }
    return true;
  }

  @Override
  void closed() {
    for (Timer t : expiries.values()) {
      t.cancel();
    }
    byId.clear();
    byCtx.clear();
    expiries.clear();
  }
}
