package io.sluice.sessions.client;

import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.sluice.sessions.v1.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * The session operations (open, append, replace, delete, store) of every thread of a client,
 * multiplexed over one {@code Operate} call: each operation gets a request id and waits for the
 * result with that id.
 *
 * <p>Sending combines: a caller queues its operation; then either the connection's event loop (when
 * the client owns it) or, if no other caller is sending, the caller itself sends everything queued
 * (one {@code OperationBatch} per message, up to {@link #MAX_BATCH_BYTES}); a caller that finds a
 * send scheduled or under way leaves its operation to it. So a burst of operations from many
 * threads costs one message, not one call each. With an event loop, a caller that queues while
 * other callers woken by a result message have not run again yet leaves the send to the last of
 * them, or to the one that completes a part ({@link #SEND_PARTS}), so the operations issued in
 * answer to one result message go out in a few large messages (about 32 per message instead of 9
 * with 64 callers on two cores) and one part is forced while the next is being issued. Result
 * messages arrive on the transport thread, which decodes them without an object per successful
 * result, sets the outcomes of the callers they complete and wakes only the first of them: the
 * callers that run again wake the rest ({@code Wake}). When the call breaks, every operation sent
 * on it fails with {@link SessionsError#TRANSPORT} (it may or may not have been applied) and the
 * next operation opens a new call.
 *
 * <p>Thread-safe.
 */
final class OperationStream implements AutoCloseable {
  /** Operations are packed into one message up to this many bytes (one larger operation alone). */
  static final int MAX_BATCH_BYTES = 1 << 20;

  /** Larger operations are sent as unary calls instead (see {@code SessionsClient#streams}). */
  static final int MAX_STREAMED_OP_BYTES = 256 << 10;

  private final Channel channel;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, Pending> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock sendLock = new ReentrantLock();
  private final Executor sender;
  private final ScheduledExecutorService sweeper;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final AtomicBoolean sendQueued = new AtomicBoolean();

  /**
   * Callers completed by result messages that have not run again yet. While there are some, a
   * caller that queues an operation leaves the send to the last of them to run (see {@link #call}):
   * the operations that the callers woken by one result message issue next go out as one message,
   * not one per caller that happened to run before the event loop sent.
   */
  private final AtomicInteger resuming = new AtomicInteger();

  /** Operations queued and not yet taken by a send. */
  private final AtomicInteger unsent = new AtomicInteger();

  /**
   * How many queued operations make a part worth sending while callers are still resuming: the
   * callers woken by the last result message divided by {@link #SEND_PARTS}.
   */
  private volatile int partSize = Integer.MAX_VALUE;

  /**
   * The operations issued in answer to one result message go out in this many messages: once that
   * share of the callers it woke have queued theirs, they are sent, so one part travels and is
   * forced while the next is still being issued (measured interleaved: two parts ~5% more
   * operations per second than one message per wave, at no more CPU per operation; since the woken
   * callers wake each other ({@code Wake}) and so come back sooner, three parts 1.04x two
   * [1.01-1.07] over 6 rounds, same CPU per operation; since the node sends the messages it reads
   * together as one append, and so mostly forces on its own loop, two parts 1.05x three [1.01-1.08]
   * over 6 rounds, CPU per operation the same or lower).
   */
  static final int SEND_PARTS = 2;

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
    final byte[] element;
    final Thread waiter;
    final long deadlineNanos;
    // DONE (the reply's value is in value), an OperateWire.Result (an error), a
    // SessionsException or TIMED_OUT
    volatile Object outcome;
    volatile Call sentOn;
    // completed by a result message and counted in resuming (written before outcome)
    boolean counted;
    // the reply's value when the outcome is DONE (written before outcome)
    long value;
    // the callers completed by the same result message (written before outcome), or null
    Wake wake;

    Pending(long id, byte[] element, Thread waiter, long deadlineNanos) {
      this.id = id;
      this.element = element;
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

  /** The outcome of an operation that succeeded; the reply's value is {@link Pending#value}. */
  private static final Object DONE = new Object();

  /**
   * The callers completed by one result message. The transport thread only sets their outcomes and
   * wakes the first; every caller that runs again then helps wake the rest. So the transport thread
   * does not pay a scheduler hand-off per caller (an external submission to the carriers' pool,
   * often with a futex wake-up, about 1 us each on two cores) while the callers it woke wait for
   * it: the hand-offs are made from a carrier, onto its own queue, in parallel with the callers
   * that already run. Each caller wakes at most {@link #PER_CALLER} more (a tree, about log2(n)
   * steps deep) and then returns to its own work: when the first caller woke all the others before
   * issuing its next operation, that operation, and the part it belongs to, went out later
   * (measured interleaved: two per caller 1.05x [0.94-1.18] the operations per second of all over 9
   * rounds, 8 of them >= 1; four 1.08, 1.01, 1.03x).
   */
  private static final class Wake {
    /** How many other callers each caller that runs again wakes, at most. */
    static final int PER_CALLER = 2;

    private final Pending[] members;
    private final int size;
    private final AtomicInteger next = new AtomicInteger(1);

    Wake(Pending[] members, int size) {
      this.members = members;
      this.size = size;
    }

    /** Wakes the first caller; on the transport thread, after every outcome is set. */
    void start() {
      LockSupport.unpark(members[0].waiter);
    }

    /**
     * Wakes up to {@link #PER_CALLER} callers not woken yet; every caller this message completed
     * calls it once it runs again, so all of them are woken.
     */
    void help() {
      Thread self = Thread.currentThread();
      int i;
      for (int n = 0; n < PER_CALLER && next.get() < size; n++) {
        if ((i = next.getAndIncrement()) >= size) {
          return;
        }
        Thread t = members[i].waiter;
        if (t != self) {
          LockSupport.unpark(t);
        }
      }
    }
  }

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
  OperationStream(Channel channel, Executor sender) {
    this.channel = channel;
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
    if (!queue.isEmpty()) {
      flush(); // a safety net: operations queued behind callers that have not run again
    }
    sweeping.set(false);
    if (!waiting.isEmpty()) {
      ensureSweeping();
    }
  }

  /**
   * Runs one operation, {@code request} as the member {@code member} of an {@code Operation}
   * ({@link OperateWire#OPEN} ...), and waits up to {@code timeout} for its result.
   *
   * @return the one field of the reply (the new session's id, the record count, the due time), 0
   *     for replies without one
   * @throws SessionsException when the node refused it (the same error a unary call would give), or
   *     the transport failed or timed out ({@link SessionsError#TRANSPORT})
   */
  long call(int member, MessageLite request, Duration timeout) {
    return call(id -> OperateWire.element(id, member, request), timeout);
  }

  /**
   * Runs one operation whose element of an {@code OperationBatch} {@code element} encodes for a
   * given request id ({@link OperateWire#sessionElement}, ...), as {@link #call(int, MessageLite,
   * Duration)}.
   */
  long call(LongFunction<byte[]> element, Duration timeout) {
    long id = ids.incrementAndGet();
    Pending p = new Pending(id, element.apply(id), Thread.currentThread(), deadline(timeout));
    waiting.put(id, p);
    queue.add(p);
    int queued = unsent.incrementAndGet();
    if (sender == null || resuming.get() == 0 || queued >= partSize) {
      flush();
    }
    ensureSweeping();
    Object o;
    boolean interrupted = false;
    while ((o = p.outcome) == null) {
      LockSupport.park(this);
      if (Thread.interrupted() && p.outcome == null) {
        if (waiting.remove(id, p)) {
          Thread.currentThread().interrupt();
          throw SessionsException.of(
              SessionsError.TRANSPORT, Status.Code.CANCELLED, "interrupted while waiting", null);
        }
        interrupted = true; // its result is being delivered: take it
      }
    }
    if (p.wake != null) {
      p.wake.help();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (p.counted && resuming.decrementAndGet() == 0 && !queue.isEmpty()) {
      flush(); // the last caller woken by a result message to run again: send what they queued
    }
    if (o == TIMED_OUT) {
      throw SessionsException.of(
          SessionsError.TRANSPORT,
          Status.Code.DEADLINE_EXCEEDED,
          "no answer from the node within " + timeout,
          null);
    }
    if (o == DONE) {
      return p.value;
    }
    if (o instanceof SessionsException se) {
      throw new SessionsException(se.error(), se.getMessage(), se);
    }
    OperateWire.Result r = (OperateWire.Result) o;
    Status.Code code = Status.fromCodeValue(r.statusCode).getCode();
    ErrorCode errorCode = ErrorCode.forNumber(r.errorCode);
    throw SessionsException.of(
        SessionsError.of(code, errorCode == null ? "UNRECOGNIZED" : errorCode.name()),
        code,
        r.message,
        null);
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
          unsent.decrementAndGet();
          if (waiting.remove(p.id, p)) {
            p.complete(
                SessionsException.of(
                    SessionsError.TRANSPORT, Status.Code.CANCELLED, "the client is closed", null));
          }
        }
        return;
      }
      Call c = current();
      List<Pending> batch = new ArrayList<>();
      int bytes = 0;
      Pending p;
      while ((p = queue.peek()) != null) {
        int size = p.element.length;
        if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
          break;
        }
        queue.poll();
        unsent.decrementAndGet();
        if (!waiting.containsKey(p.id)) {
          continue; // its caller gave up
        }
        p.sentOn = c;
        batch.add(p);
        bytes += size;
      }
      if (!batch.isEmpty()) {
        byte[] message = new byte[bytes];
        int at = 0;
        for (Pending q : batch) {
          System.arraycopy(q.element, 0, message, at, q.element.length);
          at += q.element.length;
        }
        try {
          c.requests.onNext(message);
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
      // results only wake their callers; no need for another thread hop
      ClientCalls.asyncBidiStreamingCall(
          channel.newCall(OperateWire.METHOD, CallOptions.DEFAULT.withExecutor(Runnable::run)), c);
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
  private final class Call implements ClientResponseObserver<byte[], byte[]> {
    ClientCallStreamObserver<byte[]> requests;
    volatile boolean broken;
    // the last result message read; only the transport thread uses it
    private final OperateWire.Decoded decoded = new OperateWire.Decoded();

    @Override
    public void beforeStart(ClientCallStreamObserver<byte[]> requestStream) {
      requests = requestStream;
    }

    @Override
    public void onNext(byte[] message) {
      OperateWire.Decoded d = decoded;
      try {
        OperateWire.decode(message, d);
      } catch (IOException e) {
        StatusRuntimeException invalid =
            Status.INTERNAL
                .withDescription("invalid ResultBatch: " + e.getMessage())
                .withCause(e)
                .asRuntimeException();
        requests.cancel("invalid ResultBatch", invalid);
        broken(invalid);
        return;
      }
      Pending[] done = new Pending[d.size];
      Object[] outcomes = new Object[d.size];
      int n = 0;
      for (int i = 0; i < d.size; i++) {
        Pending p = waiting.remove(d.ids[i]);
        if (p != null) {
          p.counted = true;
          p.value = d.values[i];
          outcomes[n] = d.errors[i] == null ? DONE : d.errors[i];
          done[n++] = p;
        }
      }
      d.clear();
      if (n == 0) {
        return;
      }
      partSize = Math.max(1, (n + SEND_PARTS - 1) / SEND_PARTS);
      resuming.addAndGet(n); // before any of them can run again
      Wake w = new Wake(done, n);
      for (int i = 0; i < n; i++) {
        done[i].wake = w;
        done[i].outcome = outcomes[i]; // no wake-up yet: see Wake
      }
      w.start();
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
