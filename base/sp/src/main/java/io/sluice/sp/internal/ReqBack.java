package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cooked REQ: one outstanding request per context. A request goes to the next writable pipe (held
 * until one exists), is resent after the resend interval, and is resent at once when the pipe it
 * went to dies. A reply is matched by request id and routed to its context; stale or unknown
 * replies are dropped, and a reply shorter than a request id closes its pipe.
 *
 * <p>I/O thread only.
 */
final class ReqBack extends ProtocolBack {
  /** One outstanding request. */
  private static final class Request {
    final Ctx ctx;
    final int id;
    final Message wire;
    Pipe pipe;
    Timer resend;

    Request(Ctx ctx, int id, Message wire) {
      this.ctx = ctx;
      this.id = id;
      this.wire = wire;
    }
  }

  private final Map<Integer, Request> byId = new HashMap<>();
  private final Map<Ctx, Request> byCtx = new HashMap<>();
  private final ArrayDeque<Request> unsent = new ArrayDeque<>();

  ReqBack(SocketCore core) {
    super(core);
  }

  /** Starts request {@code id} for {@code ctx}, cancelling the context's previous one. */
  void request(Ctx ctx, int id, Message wire) {
    cancel(ctx);
    if (ctx.closed) {
      return;
    }
    Request r = new Request(ctx, id, wire);
    byId.put(id, r);
    byCtx.put(ctx, r);
    dispatch(r);
  }

  /** Forgets the context's outstanding request. */
  void cancel(Ctx ctx) {
    Request old = byCtx.remove(ctx);
    if (old != null) {
      byId.remove(old.id);
      unsent.remove(old);
      if (old.resend != null) {
        old.resend.cancel();
      }
    }
  }

  private void dispatch(Request r) {
    Pipe p = nextWritable();
    if (p == null) {
      r.pipe = null;
      unsent.add(r);
      return;
    }
    r.pipe = p;
    p.write(r.wire);
    long ivl = core.options().requestResendMillis();
    if (ivl > 0) {
      r.resend = core.reactor.schedule(TimeUnit.MILLISECONDS.toNanos(ivl), () -> resend(r));
    }
  }

  private void resend(Request r) {
    if (byId.get(r.id) == r) {
      r.resend = null;
      dispatch(r);
    }
  }

  @Override
  void pipeReady(Pipe p) {
    sendUnsent();
  }

  @Override
  void pipeWritable(Pipe p) {
    sendUnsent();
  }

  private void sendUnsent() {
    while (!unsent.isEmpty()) {
      Request r = unsent.peek();
      if (nextWritableExists()) {
        unsent.poll();
        dispatch(r);
      } else {
        return;
      }
    }
  }

  private boolean nextWritableExists() {
    for (Pipe p : pipes) {
      if (p.writable()) {
        return true;
      }
    }
    return false;
  }

  @Override
  void pipeRemoved(Pipe p) {
    super.pipeRemoved(p);
    for (Request r : new ArrayList<>(byId.values())) {
      if (r.pipe == p) {
        if (r.resend != null) {
          r.resend.cancel();
          r.resend = null;
        }
        dispatch(r);
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
    Request r = byId.get(id);
    if (r == null) {
      return true;
    }
    byId.remove(id);
    byCtx.remove(r.ctx);
    if (r.resend != null) {
      r.resend.cancel();
    }
    byte[] body = java.util.Arrays.copyOfRange(payload, 4, payload.length);
    r.ctx.replies.offer(new Message(Backtrace.bytes(id), body));
    return true;
  }

  @Override
  boolean idle() {
    return unsent.isEmpty();
  }

  @Override
  void closed() {
    for (Request r : byId.values()) {
      if (r.resend != null) {
        r.resend.cancel();
      }
    }
    byId.clear();
    byCtx.clear();
    unsent.clear();
  }
}
