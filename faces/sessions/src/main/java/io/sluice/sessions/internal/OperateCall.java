package io.sluice.sessions.internal;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.ErrorCode;
import io.sluice.sessions.v1.OpError;
import io.sluice.sessions.v1.Operation;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.OperationResult;
import io.sluice.sessions.v1.ResultBatch;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Operate} call: many session operations multiplexed over one bidirectional stream.
 *
 * <p>Each inbound batch becomes one task on the sessions loop, which runs every operation of it in
 * order (the same checks and errors as the unary calls, see {@link Operations}). Results are queued
 * as the log reports them durable (so in log order) and sent in batches: the first result of a
 * burst schedules one flush task on the loop, which runs after the task that produced the burst and
 * sends everything queued by then as one {@link ResultBatch}. A failed operation is a result with
 * an {@link OpError}; the stream itself only ends when the client ends it (after every operation it
 * sent has its result), cancels it, or the node shuts down.
 *
 * <p>Flow control: the next inbound message is requested only while fewer than {@link
 * #MAX_OUTSTANDING} operations of the call await their result and the transport can take more
 * output, so a client that never reads its results cannot grow the node's memory.
 *
 * <p>Thread-safety: inbound messages arrive on a transport thread; results are produced and sent on
 * the sessions loop thread only (the outbound observer is never touched by two threads).
 */
final class OperateCall implements StreamObserver<OperationBatch> {
  private static final Logger log = LoggerFactory.getLogger(OperateCall.class);

  /** Results sent in one message at most (keeps each message small next to gRPC's limits). */
  private static final int MAX_RESULTS_PER_MESSAGE = 4096;

  /**
   * Operations of one call without a sent result beyond which the next inbound message is not
   * requested (gRPC flow control): a client that sends without reading results is held back instead
   * of growing the node's memory.
   */
  static final int MAX_OUTSTANDING = 4096;

  private final SessionLog sessions;
  private final Executor loop;
  private final ServerCallStreamObserver<ResultBatch> out;
  private final ConcurrentLinkedQueue<OperationResult> results = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final AtomicLong outstanding = new AtomicLong();
  private final Runnable flushTask = this::flush;
  private final AtomicBoolean paused = new AtomicBoolean();
  private volatile boolean halfClosed;
  private volatile boolean ended;

  OperateCall(SessionLog sessions, ServerCallStreamObserver<ResultBatch> out) {
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
  public void onNext(OperationBatch batch) {
    List<Operation> ops = batch.getOperationsList();
    if (ops.isEmpty()) {
      requestMore();
      return;
    }
    outstanding.addAndGet(ops.size());
    requestMore();
    sessions.runBatch(
        () -> {
          for (Operation op : ops) {
            run(op);
          }
        },
        () -> {
          for (Operation op : ops) {
            error(
                op.getRequestId(), SessionsError.STORAGE_UNAVAILABLE, "the node is shutting down");
          }
          endWithError();
        });
  }

  private void run(Operation op) {
    long id = op.getRequestId();
    switch (op.getOpCase()) {
      case OPEN -> Operations.open(sessions, op.getOpen(), result(id, (b, v) -> b.setOpen(v)));
      case APPEND ->
          Operations.append(sessions, op.getAppend(), result(id, (b, v) -> b.setAppend(v)));
      case REPLACE ->
          Operations.replace(sessions, op.getReplace(), result(id, (b, v) -> b.setReplace(v)));
      case DELETE ->
          Operations.delete(sessions, op.getDelete(), result(id, (b, v) -> b.setDelete(v)));
      case STORE -> Operations.store(sessions, op.getStore(), result(id, (b, v) -> b.setStore(v)));
      case OP_NOT_SET ->
          error(
              id,
              SessionsError.BAD_REQUEST,
              "operation " + id + " names no operation (open, append, replace, delete or store)");
    }
  }

  /** Sets a successful reply of type {@code T} on a result. */
  private interface Setter<T> {
    void set(OperationResult.Builder b, T value);
  }

  private <T> Reply<T> result(long requestId, Setter<T> setter) {
    return new Reply<>() {
      @Override
      public void ok(T value) {
        OperationResult.Builder b = OperationResult.newBuilder().setRequestId(requestId);
        setter.set(b, value);
        add(b.build());
      }

      @Override
      public void fail(SessionsError error, String message) {
        error(requestId, error, message);
      }
    };
  }

  private void error(long requestId, SessionsError error, String message) {
    ErrorCode code;
    try {
      code = ErrorCode.valueOf(error.name());
    } catch (IllegalArgumentException e) {
      code = ErrorCode.ERROR_CODE_UNSPECIFIED;
    }
    add(
        OperationResult.newBuilder()
            .setRequestId(requestId)
            .setError(
                OpError.newBuilder()
                    .setStatusCode(error.statusCode().value())
                    .setMessage(message == null ? "" : message)
                    .setCode(code))
            .build());
  }

  private void add(OperationResult r) {
    results.add(r);
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
    while (!results.isEmpty()) {
      ResultBatch.Builder b = ResultBatch.newBuilder();
      OperationResult r;
      while (b.getResultsCount() < MAX_RESULTS_PER_MESSAGE && (r = results.poll()) != null) {
        b.addResults(r);
      }
      if (ended) {
        continue;
      }
      try {
        out.onNext(b.build());
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
