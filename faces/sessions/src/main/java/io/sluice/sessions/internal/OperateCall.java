package io.sluice.sessions.internal;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.internal.OperateCodec.Op;
import io.sluice.sessions.internal.OperateCodec.Results;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Operate} call: many session operations multiplexed over one bidirectional stream.
 *
 * <p>Each inbound batch runs on the sessions loop, every operation of it in order, at once when it
 * arrives on the loop thread (the gRPC server's transport thread is the loop: no task hop), else as
 * one loop task (the same checks and errors as the unary calls, see {@link Operations}). Batches
 * arrive already decoded into {@link Op}s and results are encoded as the log reports them durable
 * (so in log order) straight into the bytes of the next result message ({@link OperateCodec}: no
 * protobuf object per operation); they are sent in batches: the first result of a burst schedules
 * one flush task on the loop, which runs after the task that produced the burst and sends
 * everything encoded by then as one {@code ResultBatch}. A failed operation is a result with an
 * {@code OpError}; the stream itself only ends when the client ends it (after every operation it
 * sent has its result), cancels it, or the node shuts down.
 *
 * <p>Flow control: the next inbound message is requested only while fewer than {@link
 * #MAX_OUTSTANDING} operations of the call await their result and the transport can take more
 * output, so a client that never reads its results cannot grow the node's memory.
 *
 * <p>Thread-safety: inbound messages arrive on a transport thread; results are produced and sent on
 * the sessions loop thread only (the outbound observer is never touched by two threads).
 */
final class OperateCall implements StreamObserver<List<Op>> {
  private static final Logger log = LoggerFactory.getLogger(OperateCall.class);

  /**
   * Operations of one call without a sent result beyond which the next inbound message is not
   * requested (gRPC flow control): a client that sends without reading results is held back instead
   * of growing the node's memory.
   */
  static final int MAX_OUTSTANDING = 4096;

  private final SessionLog sessions;
  private final Executor loop;
  private final ServerCallStreamObserver<Results> out;
  private final Results results = Results.create();
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final AtomicLong outstanding = new AtomicLong();
  private final Runnable flushTask = this::flush;
  private final AtomicBoolean paused = new AtomicBoolean();
  private volatile boolean halfClosed;
  private volatile boolean ended;

  OperateCall(SessionLog sessions, ServerCallStreamObserver<Results> out) {
    this.sessions = sessions;
    this.loop = sessions.loop;
    this.out = out;
    out.setOnCancelHandler(() -> ended = true);
    out.setOnReadyHandler(this::resume);
    out.disableAutoRequest();
    out.request(1);
  }

  /** Asks for the next inbound message unless too many results are pending or unsent. */
  private void requestMore() {
    if (ended) {
      return;
    }
    if (outstanding.get() < MAX_OUTSTANDING && out.isReady()) {
      out.request(1);
    } else {
      paused.set(true);
      // a result sent (flush) or the transport draining (onReady) resumes
      if (outstanding.get() < MAX_OUTSTANDING && out.isReady()) {
        resume();
      }
    }
  }

  private void resume() {
    if (!ended
        && outstanding.get() < MAX_OUTSTANDING
        && out.isReady()
        && paused.compareAndSet(true, false)) {
      out.request(1);
    }
  }

  @Override
  public void onNext(List<Op> ops) {
    if (ops.isEmpty()) {
      requestMore();
      return;
    }
    outstanding.addAndGet(ops.size());
    // on the loop already (the transport's thread): the operations run now, before the next
    // message is asked for
    sessions.runBatch(
        () -> {
          for (Op op : ops) {
            run(op);
          }
        },
        () -> {
          for (Op op : ops) {
            error(op.requestId, SessionsError.STORAGE_UNAVAILABLE, "the node is shutting down");
          }
          endWithError();
        });
    requestMore();
  }

  /** Runs one operation with the checks and errors of its unary call ({@link Operations}). */
  private void run(Op op) {
    long id = op.requestId;
    if (op.type == 0) {
      error(
          id,
          SessionsError.BAD_REQUEST,
          "operation " + id + " names no operation (open, append, replace, delete or store)");
      return;
    }
    Result<Object> reply = new Result<>(id, op.type);
    if (op.type == OperateCodec.OPEN) {
      sessions.openNow(op.kind, reply.as());
      return;
    }
    if (!op.hasSession || op.sessionId == 0) {
      error(id, SessionsError.BAD_REQUEST, "the request needs a session id");
      return;
    }
    switch (op.type) {
      case OperateCodec.APPEND ->
          sessions.appendNow(op.sessionId, op.attempt, op.records, reply.as());
      case OperateCodec.REPLACE ->
          sessions.replaceNow(op.sessionId, op.attempt, op.record, reply.as());
      case OperateCodec.DELETE -> sessions.deleteNow(op.sessionId, op.attempt, reply.as());
      case OperateCodec.STORE -> {
        if (op.hasTimeout && op.timeoutMillis < 0) {
          error(id, SessionsError.BAD_REQUEST, "timeout out of range");
          return;
        }
        sessions.storeNow(
            op.sessionId, op.attempt, op.hasTimeout ? op.timeoutMillis : -1, reply.as());
      }
      default -> throw new IllegalStateException("operation type " + op.type);
    }
  }

  /**
   * The outcome of one operation, encoded as its result: the value of the log's reply (a session
   * id, a record count, a due time, or nothing) is the one field of the operation's reply message.
   */
  private final class Result<T> implements Reply<T> {
    private final long requestId;
    private final int type;

    Result(long requestId, int type) {
      this.requestId = requestId;
      this.type = type;
    }

    /** This reply as a reply for any value type (the value is only read as a number). */
    @SuppressWarnings("unchecked")
    <V> Reply<V> as() {
      return (Reply<V>) this;
    }

    @Override
    public void ok(T value) {
      results.ok(requestId, type, value instanceof Number n ? n.longValue() : 0);
      resultAdded();
    }

    @Override
    public void fail(SessionsError error, String message) {
      error(requestId, error, message);
    }
  }

  private void error(long requestId, SessionsError error, String message) {
    results.error(requestId, error, message);
    resultAdded();
  }

  private void resultAdded() {
    outstanding.decrementAndGet();
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (flushQueued.compareAndSet(false, true)) {
      try {
        loop.execute(flushTask);
      } catch (RejectedExecutionException e) {
        flushQueued.set(false);
        endWithError();
      }
    }
  }

  /** Sends every queued result; on the loop. */
  private void flush() {
    flushQueued.set(false);
    for (Results message : results.take()) {
      if (ended) {
        continue;
      }
      try {
        out.onNext(message);
      } catch (RuntimeException e) {
        log.debug("sessions: Operate results not sent (call gone)", e);
        ended = true;
      }
    }
    if (paused.get()) {
      resume();
    }
    if (halfClosed && outstanding.get() == 0 && !ended) {
      ended = true;
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        log.debug("sessions: Operate stream already gone", e);
      }
    }
  }

  private void endWithError() {
    if (ended) {
      return;
    }
    ended = true;
    try {
      out.onError(SessionsError.STORAGE_UNAVAILABLE.toStatusException("the node is shutting down"));
    } catch (RuntimeException e) {
      log.debug("sessions: Operate stream already gone", e);
    }
  }

  @Override
  public void onError(Throwable t) {
    ended = true;
  }

  @Override
  public void onCompleted() {
    halfClosed = true;
    scheduleFlush();
  }
}
