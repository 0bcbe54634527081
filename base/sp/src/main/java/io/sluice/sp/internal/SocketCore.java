package io.sluice.sp.internal;

import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared heart of one socket: its options, the send queue users fill and the I/O thread drains,
 * the receive queue the I/O thread fills and users drain, its protocol back (I/O thread) and front
 * (user threads), its pipes and endpoints (I/O thread), and the close/linger sequence.
 *
 * <p>Fields are documented with the thread that owns them; public methods are thread-safe.
 */
public final class SocketCore {
  final Reactor reactor;
  final Protocol protocol;
  final boolean raw;

  /** Any thread (volatile). */
  private volatile SocketOptions options;

  /** User threads put, the I/O thread polls. */
  final MessageQueue sendQueue;

  /** The I/O thread offers, user threads take. */
  final MessageQueue recvQueue;

  /** I/O thread only. */
  final ProtocolBack back;

  /** User threads. */
  final Front front;

  // I/O thread only
  private final Map<Integer, Pipe> pipesById = new HashMap<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private int nextPipeId;
  boolean closing;
  private boolean finished;
  private Timer lingerTimer;

  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean resumeScheduled = new AtomicBoolean();
  private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
  private volatile boolean userClosed;
  private volatile int peerCount;

  /** Set by the back (I/O thread) when some pipe waits for room in the receive queue. */
  volatile boolean hasStalled;

  /** Creates the core; the reactor must be running. */
  public SocketCore(Reactor reactor, Protocol protocol, boolean raw, SocketOptions options) {
    this.reactor = reactor;
    this.protocol = protocol;
    this.raw = raw;
    this.options = options;
    this.sendQueue = new MessageQueue(options.sendBufferBytes(), reactor.clock()::nanoTime);
    this.recvQueue = new MessageQueue(options.recvBufferBytes(), reactor.clock()::nanoTime);
    sendQueue.signalVia(reactor);
    recvQueue.signalVia(reactor);
    this.back = ProtocolBack.create(this);
    this.front = Front.create(this);
    this.nextPipeId = (int) (System.identityHashCode(this) * 0x9E3779B1L) & 0x7fffffff;
    recvQueue.onTake(this::signalResume);
  }

  /** The current options. */
  public SocketOptions options() {
    return options;
  }

  /** Replaces the options (buffers, timeouts, TTL...; existing connections keep theirs). */
  public void options(SocketOptions o) {
    this.options = o;
    sendQueue.capacity(o.sendBufferBytes());
    recvQueue.capacity(o.recvBufferBytes());
    signalResume();
  }

  /** The protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** Whether raw (device) mode. */
  public boolean raw() {
    return raw;
  }

  /** The user-facing half. */
  public Front front() {
    return front;
  }

  /** Number of connected peers (pipes past their handshake). */
  public int peerCount() {
    return peerCount;
  }

  /** Whether close() was called. */
  public boolean isClosed() {
    return userClosed;
  }

  void checkOpen() {
    if (userClosed) {
      throw new SpException(SpError.CLOSED, "socket is closed");
    }
  }

  /** Asks the I/O thread to drain the send queue (once per batch). Any thread. */
  void signalSend() {
    if (drainScheduled.compareAndSet(false, true)) {
      reactor.execute(
          () -> {
            drainScheduled.set(false);
            if (!finished) {
              back.drain();
              if (closing) {
                checkLinger();
              }
            }
          });
    }
  }

  /** Asks the I/O thread to resume stalled pipes if the receive queue has room. Any thread. */
  void signalResume() {
    if (hasStalled && resumeScheduled.compareAndSet(false, true)) {
      reactor.execute(
          () -> {
            resumeScheduled.set(false);
            if (!finished) {
              back.resumeStalled();
            }
          });
    }
  }

  /** Runs {@code task} on the I/O thread. Any thread. */
  void execute(Runnable task) {
    reactor.execute(task);
  }

  /** Runs {@code task} on the I/O thread and waits for its result, rethrowing its SpException. */
  <T> T call(java.util.function.Supplier<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.execute(
        () -> {
          try {
            f.complete(task.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SpException se) {
        throw new SpException(se.error(), se.getMessage(), se);
      }
      throw new SpException(SpError.IO, String.valueOf(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpException(SpError.INTERRUPTED, "interrupted");
    } catch (TimeoutException e) {
      throw new SpException(SpError.IO, "I/O thread did not answer");
    }
  }

  /** Binds {@code url} (user thread); returns the endpoint. */
  public Endpoint bind(String url) {
    checkOpen();
    Address a = Address.parse(url);
    return call(
        () -> {
          if (closing) {
            throw new SpException(SpError.CLOSED, "socket is closed");
          }
          Endpoint e = a.isStream() ? new StreamListener(this, a) : new InprocListener(this, a);
          e.start();
          endpoints.add(e);
          return e;
        });
  }

  /** Connects to {@code url} (user thread); dialling goes on in the background. */
  public Endpoint connect(String url) {
    checkOpen();
    Address a = Address.parse(url);
    SocketAddress target = a.isStream() ? a.connectAddress() : null;
    return call(
        () -> {
          if (closing) {
            throw new SpException(SpError.CLOSED, "socket is closed");
          }
          Endpoint e = a.isStream() ? new StreamDialer(this, a, target) : new InprocDialer(this, a);
          endpoints.add(e);
          e.start();
          return e;
        });
  }

  /** Closes one endpoint (user thread). */
  public void closeEndpoint(Endpoint e) {
    call(
        () -> {
          if (endpoints.remove(e)) {
            e.close();
          }
          return null;
        });
  }

  /** Accepts a pipe after its handshake, or closes it if the protocol refuses. I/O thread. */
  void addPipe(Pipe p) {
    if (finished) {
      p.close();
      return;
    }
    do {
      nextPipeId = (nextPipeId + 1) & 0x7fffffff;
    } while (nextPipeId == 0 || pipesById.containsKey(nextPipeId));
    p.id = nextPipeId;
    if (!back.pipeAdded(p)) {
      p.close();
      return;
    }
    p.added = true;
    pipesById.put(p.id, p);
    peerCount = pipesById.size();
    p.endpoint.pipeActive(p);
    back.pipeReady(p);
  }

  /** Forgets a closed pipe. I/O thread. */
  void removePipe(Pipe p) {
    if (pipesById.remove(p.id) == p) {
      peerCount = pipesById.size();
      back.pipeRemoved(p);
    }
    if (closing) {
      checkLinger();
    }
  }

  /** The pipe with id {@code id}, or null. I/O thread. */
  Pipe pipe(int id) {
    return pipesById.get(id);
  }

  /**
   * Closes the socket (user thread): stops accepting user calls at once, then keeps delivering what
   * was queued for up to the linger time, then closes every pipe and endpoint. Waits for that to
   * finish.
   */
  public void close() {
    if (userClosed) {
      closedFuture.join();
      return;
    }
    userClosed = true;
    recvQueue.closeAndClear();
    sendQueue.close();
    front.close();
    reactor.execute(this::beginClose);
    try {
      closedFuture.get(Math.max(0, options.lingerMillis()) + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the I/O thread is gone; nothing more to release here
    }
  }

  /** A future completed when the close sequence finished. */
  public CompletableFuture<Void> closedFuture() {
    return closedFuture;
  }

  private void beginClose() {
    if (closing) {
      return;
    }
    closing = true;
    for (Endpoint e : endpoints) {
      if (e instanceof StreamListener || e instanceof InprocListener) {
        e.close();
      }
    }
    back.drain();
    long linger = options.lingerMillis();
    if (linger != 0) {
      lingerTimer =
          reactor.schedule(
              linger < 0 ? Long.MAX_VALUE / 4 : TimeUnit.MILLISECONDS.toNanos(linger),
              this::finish);
    }
    checkLinger();
  }

  /** Finishes the close once nothing is left to deliver (or at once if linger is 0). I/O. */
  void checkLinger() {
    if (!closing || finished) {
      return;
    }
    if (options.lingerMillis() == 0) {
      finish();
      return;
    }
    if (!sendQueue.isEmpty() || !back.idle()) {
      return;
    }
    for (Pipe p : pipesById.values()) {
      if (!p.flushed()) {
        return;
      }
    }
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (lingerTimer != null) {
      lingerTimer.cancel();
    }
    for (Endpoint e : new ArrayList<>(endpoints)) {
      e.close();
    }
    endpoints.clear();
    for (Pipe p : new ArrayList<>(pipesById.values())) {
      p.close();
    }
    back.closed();
    sendQueue.closeAndClear();
    closedFuture.complete(null);
  }
}
