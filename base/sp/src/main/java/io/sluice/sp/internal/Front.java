package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user-thread half of a protocol: the state checks users see (BAD_STATE, NOT_SUPPORTED), the
 * per-context state of REQ/REP/SURVEYOR/RESPONDENT, and the hand-off to the I/O thread. Timeouts
 * are nanoseconds: -1 waits forever, 0 not at all.
 *
 * <p>Thread-safe.
 */
public abstract class Front {
  final SocketCore core;
  final Ctx defaultCtx;
  final Set<Ctx> contexts = ConcurrentHashMap.newKeySet();

  Front(SocketCore core) {
    this.core = core;
    this.defaultCtx = newCtx();
  }

  static Front create(SocketCore core) {
    if (core.raw) {
      return new QueueFront(core);
    }
    return switch (core.protocol) {
      case REQ -> new ReqFront(core);
      case SURVEYOR -> new SurveyorFront(core);
      case REP, RESPONDENT -> new RepFront(core);
      default -> new QueueFront(core);
    };
  }

  final Ctx newCtx() {
    MessageQueue replies = new MessageQueue(Long.MAX_VALUE, core.reactor.clock()::nanoTime);
    replies.signalVia(core.reactor);
    Ctx c = new Ctx(replies);
    contexts.add(c);
    return c;
  }

  /** The socket's own context. */
  public Ctx defaultContext() {
    return defaultCtx;
  }

  /** Sends; false if the timeout passed first. */
  public abstract boolean send(Ctx ctx, Message m, long timeoutNanos);

  /** Receives; null if the timeout passed first. */
  public abstract Message recv(Ctx ctx, long timeoutNanos);

  /**
   * Returns a message that {@link #recv} handed out but whose caller went away (a cancelled
   * asynchronous receive) to the head of the socket's receive queue, so no message is lost. For
   * protocols that match replies to requests, the reply of a cancelled request is dropped with it.
   */
  public void unreceive(Ctx ctx, Message m) {
    core.recvQueue.pushBack(m);
  }

  /** Whether a receive would find a message now (pollers). */
  public abstract boolean readable(Ctx ctx);

  /** Whether a send would be accepted now (pollers). */
  public abstract boolean writable(Ctx ctx);

  /** Registers a readiness watcher on every queue that matters for pollers. */
  public void watch(Runnable w) {
    core.recvQueue.watch(w);
    core.sendQueue.watch(w);
    defaultCtx.replies.watch(w);
  }

  /** Removes a watcher. */
  public void unwatch(Runnable w) {
    core.recvQueue.unwatch(w);
    core.sendQueue.unwatch(w);
    defaultCtx.replies.unwatch(w);
  }

  /** Opens another context (REQ, REP, SURVEYOR, RESPONDENT only). */
  public Ctx openContext() {
    throw new SpException(
        SpError.NOT_SUPPORTED, core.protocol + (core.raw ? " raw" : "") + " has no contexts");
  }

  /** Closes a context: its waiters get CLOSED and its outstanding request is forgotten. */
  public void closeContext(Ctx ctx) {
    ctx.closed = true;
    ctx.replies.closeAndClear();
    contexts.remove(ctx);
  }

  /** The socket closed: release every waiter. */
  void close() {
    for (Ctx c : contexts) {
      c.closed = true;
      c.replies.closeAndClear();
    }
  }

  void checkCtx(Ctx ctx) {
    if (ctx.closed || core.isClosed()) {
      throw new SpException(SpError.CLOSED, "socket or context is closed");
    }
  }

  /** Subscribes (SUB only). */
  public void subscribe(byte[] prefix, boolean add) {
    if (core.protocol != io.sluice.sp.Protocol.SUB) {
      throw new SpException(SpError.NOT_SUPPORTED, "only SUB sockets subscribe");
    }
    SubBack sub = (SubBack) core.back;
    byte[] copy = prefix.clone();
    core.call(
        () -> {
          if (add) {
            sub.subscribe(copy);
          } else {
            sub.unsubscribe(copy);
          }
          return null;
        });
  }
}
