package io.sluice.sessions.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sluice.sessions.v1.OpError;
import io.sluice.sessions.v1.Operation;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.OperationResult;
import io.sluice.sessions.v1.ResultBatch;
import io.sluice.sessions.v1.SessionsGrpc;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session operations (open, append, replace, delete, store) of every thread of a client,
 * multiplexed over one {@code Operate} call: each operation gets a request id and waits for the
 * result with that id.
 *
 * <p>Sending combines: a caller queues its operation; then either the connection's event loop (when
 * the client owns it) or, if no other caller is sending, the caller itself sends everything queued
 * (one {@link OperationBatch} per message, up to {@link #MAX_BATCH_BYTES}); a caller that finds a
 * send scheduled or under way leaves its operation to it. So a burst of operations from many
 * threads costs one message, not one call each. Results arrive on the transport thread and complete
 * the waiting callers. When the call breaks, every operation sent on it fails with {@link
 * SessionsError#TRANSPORT} (it may or may not have been applied) and the next operation opens a new
 * call.
 *
 * <p>Thread-safe.
 */
final class OperationStream implements AutoCloseable {
  /** Operations are packed into one message up to this many bytes (one larger operation alone). */
  static final int MAX_BATCH_BYTES = 1 << 20;

  /** Larger operations are sent as unary calls instead (see {@code SessionsClient#streams}). */
  static final int MAX_STREAMED_OP_BYTES = 256 << 10;

  private final SessionsGrpc.SessionsStub stub;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Pending> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock sendLock = new ReentrantLock();
  private final Executor sender;
  private final ScheduledExecutorService sweeper;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final AtomicBoolean sendQueued = new AtomicBoolean();
  private final Runnable sendTask =
      () -> {
        sendQueued.set(false);
        sendLock.lock();
        try {
          sendQueued();
        } finally {
          sendLock.unlock();
        }
      };
  private Call call; // guarded by sendLock
  private boolean closed; // guarded by sendLock

  /**
   * One operation waiting for its result. The caller parks until {@link #outcome} is set (by the
   * transport thread, the deadline sweep, or a broken call) and it is unparked; no timer per
   * operation.
   */
  private static final class Pending {
    final long id;
    final Operation op;
    final Thread waiter;
    final long deadlineNanos;
    volatile Object outcome; // an OperationResult or a SessionsException
    volatile Call sentOn;

    Pending(long id, Operation op, Thread waiter, long deadlineNanos) {
      this.id = id;
      this.op = op;
      this.waiter = waiter;
      this.deadlineNanos = deadlineNanos;
    }

    /** Sets the outcome unless one is set already; wakes the caller. */
    void complete(Object o) {
      if (outcome == null) {
        outcome = o;
        LockSupport.unpark(waiter);
      }
    }
  }

  /** How often waiting operations are checked against their deadlines. */
  static final long SWEEP_MILLIS = 50;

  /** The outcome of an operation whose deadline passed. */
  private static final Object TIMED_OUT = new Object();

  /** Runs the deadline sweep of streams without an event loop of their own. */
  private static final class SharedSweeper {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-sessions-client-deadlines");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * @param sender the connection's event loop, which then sends every batch (callers only queue);
   *     null: a calling thread sends
   */
  OperationStream(io.grpc.Channel channel, Executor sender) {
    // results only wake their callers; no need for another thread hop
    this.stub = SessionsGrpc.newStub(channel).withExecutor(Runnable::run);
    this.sender = sender;
    this.sweeper = sender instanceof ScheduledExecutorService ses ? ses : SharedSweeper.INSTANCE;
  }

  /**
   * Fails every operation whose deadline has passed ({@link SessionsError#TRANSPORT}, {@code
   * DEADLINE_EXCEEDED}). Run every {@link #SWEEP_MILLIS} while operations wait: one periodic check
   * instead of a timer per operation.
   */
  private void sweep() {
    long now = System.nanoTime();
    for (Pending p : waiting.values()) {
      if (now - p.deadlineNanos >= 0 && waiting.remove(p.id, p)) {
        p.complete(TIMED_OUT);
      }
    }
  }

  /** Starts the deadline sweep unless it runs; it stops itself once nothing waits. */
  private void ensureSweeping() {
    if (sweeping.get() || !sweeping.compareAndSet(false, true)) {
      return;
    }
    try {
      sweeper.schedule(this::sweepAndReschedule, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      sweeping.set(false);
      sweep();
    }
  }

  private void sweepAndReschedule() {
    sweep();
    sweeping.set(false);
    if (!waiting.isEmpty()) {
      ensureSweeping();
    }
  }

  /**
   * Runs one operation and waits up to {@code timeout} for its result.
   *
   * @throws SessionsException when the node refused it (the same error a unary call would give), or
   *     the transport failed or timed out ({@link SessionsError#TRANSPORT})
   */
  OperationResult call(Operation.Builder op, Duration timeout) {
    long id = ids.incrementAndGet();
    Pending p =
        new Pending(id, op.setRequestId(id).build(), Thread.currentThread(), deadline(timeout));
    waiting.put(id, p);
    queue.add(p);
    flush();
    ensureSweeping();
    Object o;
    while ((o = p.outcome) == null) {
      LockSupport.park(this);
      if (Thread.interrupted() && p.outcome == null) {
        waiting.remove(id, p);
        Thread.currentThread().interrupt();
        throw SessionsException.of(
            SessionsError.TRANSPORT, Status.Code.CANCELLED, "interrupted while waiting", null);
      }
    }
    if (o == TIMED_OUT) {
      throw SessionsException.of(
          SessionsError.TRANSPORT,
          Status.Code.DEADLINE_EXCEEDED,
          "no answer from the node within " + timeout,
          null);
    }
    if (o instanceof SessionsException se) {
      throw new SessionsException(se.error(), se.getMessage(), se);
    }
    OperationResult r = (OperationResult) o;
    if (r.hasError()) {
      OpError err = r.getError();
      Status.Code code = Status.fromCodeValue(err.getStatusCode()).getCode();
      throw SessionsException.of(
          SessionsError.of(code, err.getCode().name()), code, err.getMessage(), null);
    }
    return r;
  }

  private static long deadline(Duration timeout) {
    long now = System.nanoTime();
    long t = timeout.toNanos();
    return t > Long.MAX_VALUE / 4 ? now + Long.MAX_VALUE / 4 : now + t;
  }

  private void flush() {
    if (sender != null) {
      if (sendQueued.compareAndSet(false, true)) {
        try {
          sender.execute(sendTask);
          return;
        } catch (RejectedExecutionException e) {
          sendQueued.set(false); // the loop is shut down: send from here (fails as closed)
        }
      } else {
        return;
      }
    }
    while (!queue.isEmpty() && sendLock.tryLock()) {
      try {
        sendQueued();
      } finally {
        sendLock.unlock();
      }
    }
  }

  /** Sends everything queued; under sendLock. */
  private void sendQueued() {
    while (!queue.isEmpty()) {
      if (closed) {
        Pending p;
        while ((p = queue.poll()) != null) {
          if (waiting.remove(p.id, p)) {
            p.complete(
                SessionsException.of(
                    SessionsError.TRANSPORT, Status.Code.CANCELLED, "the client is closed", null));
          }
        }
        return;
      }
      Call c = current();
      OperationBatch.Builder batch = OperationBatch.newBuilder();
      long bytes = 0;
      Pending p;
      while ((p = queue.peek()) != null) {
        int size = p.op.getSerializedSize();
        if (batch.getOperationsCount() > 0 && bytes + size > MAX_BATCH_BYTES) {
          break;
        }
        queue.poll();
        if (!waiting.containsKey(p.id)) {
          continue; // its caller gave up
        }
        p.sentOn = c;
        batch.addOperations(p.op);
        bytes += size + 4;
      }
      if (batch.getOperationsCount() > 0) {
        try {
          c.requests.onNext(batch.build());
        } catch (RuntimeException e) {
          c.broken(e);
        }
      }
    }
  }

  /** The open call, or a new one; under sendLock. */
  private Call current() {
    if (call == null || call.broken) {
      Call c = new Call();
      stub.operate(c);
      call = c;
    }
    return call;
  }

  /** Ends the call; operations still waiting fail. Idempotent. */
  @Override
  public void close() {
    Call c;
    sendLock.lock();
    try {
      closed = true;
      c = call;
      call = null;
    } finally {
      sendLock.unlock();
    }
    if (c != null) {
      c.requests.cancel("sessions client closed", null);
      c.broken(Status.CANCELLED.withDescription("the client is closed").asRuntimeException());
    }
  }

  /** One {@code Operate} call. */
  private final class Call implements ClientResponseObserver<OperationBatch, ResultBatch> {
    ClientCallStreamObserver<OperationBatch> requests;
    volatile boolean broken;

    @Override
    public void beforeStart(ClientCallStreamObserver<OperationBatch> requestStream) {
      requests = requestStream;
    }

    @Override
    public void onNext(ResultBatch batch) {
      for (OperationResult r : batch.getResultsList()) {
        Pending p = waiting.remove(r.getRequestId());
        if (p != null) {
          p.complete(r);
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      broken(t);
    }

    @Override
    public void onCompleted() {
      broken(Status.UNAVAILABLE.withDescription("the node ended the stream").asRuntimeException());
    }

    void broken(Throwable cause) {
      sendLock.lock();
      try {
        broken = true;
        if (call == this) {
          call = null;
        }
      } finally {
        sendLock.unlock();
      }
      Status status;
      SessionsError error;
      if (cause instanceof StatusRuntimeException sre) {
        status = sre.getStatus();
        error = SessionsError.of(status, sre.getTrailers());
      } else {
        status = Status.UNAVAILABLE.withDescription(String.valueOf(cause));
        error = SessionsError.TRANSPORT;
      }
      for (Pending p : waiting.values()) {
        if (p.sentOn == this && waiting.remove(p.id, p)) {
          p.complete(
              SessionsException.of(
                  error,
                  status.getCode(),
                  "the operation stream broke"
                      + (status.getDescription() == null ? "" : ": " + status.getDescription())
                      + "; the operation may or may not have been applied",
                  cause));
        }
      }
    }
  }
}
