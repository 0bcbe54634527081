package io.sluice.sp;

import io.sluice.sp.internal.Ctx;
import io.sluice.sp.internal.Front;
import io.sluice.sp.internal.SocketCore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scalability-protocol socket: the user-facing facade of one socket whose connections live on its
 * context's I/O thread. Blocking calls honour the socket's timeouts; {@code try*} calls never block
 * and report back-pressure as a status; {@code *Async} calls return futures.
 *
 * <p>Thread-safe. Like nanomsg, a cooked REQ/REP/SURVEYOR/RESPONDENT socket has one request state:
 * use {@link #openContext()} for several concurrent ones. Messages sent are not copied: do not
 * modify their arrays afterwards.
 */
public final class SpSocket implements AutoCloseable {
  private final SocketCore core;
  private final Front front;
  private final Ctx ctx;
  private final SpContext context;
  private final boolean ownsContext;

  SpSocket(SocketCore core, SpContext context, boolean ownsContext) {
    this.core = core;
    this.front = core.front();
    this.ctx = front.defaultContext();
    this.context = context;
    this.ownsContext = ownsContext;
  }

  /** Opens a cooked socket with its own I/O thread (released by {@link #close()}). */
  public static SpSocket open(Protocol protocol) {
    return open(protocol, SocketOptions.defaults());
  }

  /** Opens a cooked socket with its own I/O thread (released by {@link #close()}). */
  public static SpSocket open(Protocol protocol, SocketOptions options) {
    return SpContext.create().open(protocol, options, false, true);
  }

  /** Opens a raw socket (for devices) with its own I/O thread. */
  public static SpSocket openRaw(Protocol protocol, SocketOptions options) {
    return SpContext.create().open(protocol, options, true, true);
  }

  /** The protocol. */
  public Protocol protocol() {
    return core.protocol();
  }

  /** Whether this is a raw socket. */
  public boolean isRaw() {
    return core.raw();
  }

  /** The current options. */
  public SocketOptions options() {
    return core.options();
  }

  /** Replaces the options (timeouts and buffers apply at once; connections keep theirs). */
  public void setOptions(SocketOptions options) {
    core.options(options);
  }

  /** Number of connected peers. */
  public int peerCount() {
    return core.peerCount();
  }

  /** Binds {@code url} (tcp://, ipc://, inproc://, ws://); port 0 picks a free port. */
  public SpEndpoint bind(String url) {
    return new SpEndpoint(core, core.bind(url));
  }

  /** Connects to {@code url}; the connection is made (and remade) in the background. */
  public SpEndpoint connect(String url) {
    return new SpEndpoint(core, core.connect(url));
  }

  /** Subscribes to messages starting with {@code prefix} (SUB). */
  public void subscribe(byte[] prefix) {
    front.subscribe(prefix, true);
  }

  /** Subscribes to messages starting with {@code prefix} in UTF-8 (SUB). */
  public void subscribe(String prefix) {
    subscribe(prefix.getBytes(StandardCharsets.UTF_8));
  }

  /** Removes a subscription (SUB). */
  public void unsubscribe(byte[] prefix) {
    front.subscribe(prefix, false);
  }

  /** Removes a subscription (SUB). */
  public void unsubscribe(String prefix) {
    unsubscribe(prefix.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code body}, waiting up to the send timeout. */
  public void send(byte[] body) {
    send(new Message(body));
  }

  /** Sends a UTF-8 string. */
  public void send(String text) {
    send(Message.of(text));
  }

  /** Sends {@code m}, waiting up to the send timeout (TIMED_OUT). */
  public void send(Message m) {
    send(m, core.options().sendTimeoutMillis());
  }

  /** Sends {@code m}, waiting up to {@code timeoutMillis} (-1 forever). */
  public void send(Message m, long timeoutMillis) {
    SocketCalls.send(front, ctx, m, timeoutMillis);
  }

  /** Sends if possible without blocking; false when back-pressured. */
  public boolean trySend(Message m) {
    return front.send(ctx, m, 0);
  }

  /** Receives, waiting up to the receive timeout (TIMED_OUT). */
  public Message recv() {
    return recv(core.options().recvTimeoutMillis());
  }

  /** Receives, waiting up to {@code timeoutMillis} (-1 forever). */
  public Message recv(long timeoutMillis) {
    return SocketCalls.recv(front, ctx, timeoutMillis);
  }

  /** Receives if a message is ready, else returns null. */
  public Message tryRecv() {
    return front.recv(ctx, 0);
  }

  /** Sends in the background; the future fails with the SpException a blocking send would throw. */
  public CompletableFuture<Void> sendAsync(Message m) {
    return SocketCalls.sendAsync(front, ctx, m, core.options().sendTimeoutMillis());
  }

  /** Receives in the background; cancelling the future abandons the receive. */
  public CompletableFuture<Message> recvAsync() {
    return SocketCalls.recvAsync(front, ctx, core.options().recvTimeoutMillis());
  }

  /** Opens an independent request context (REQ, REP, SURVEYOR, RESPONDENT; cooked only). */
  public SocketContext openContext() {
    return new SocketContext(core, front.openContext());
  }

  Front front() {
    return front;
  }

  Ctx defaultCtx() {
    return ctx;
  }

  /**
   * Closes the socket: blocked calls fail with CLOSED at once, queued messages keep being delivered
   * for up to the linger time, then every connection, listener, and (for sockets opened without a
   * context) the I/O thread is released. Idempotent.
   */
  @Override
  public void close() {
    core.close();
    context.forget(this);
    if (ownsContext) {
      context.close();
    }
  }

  @Override
  public String toString() {
    return "SpSocket[" + core.protocol() + (core.raw() ? " raw" : "") + "]";
  }

  /** Shared call logic of sockets and contexts. */
  static final class SocketCalls {
    private SocketCalls() {}

    static long nanos(long millis) {
      return millis < 0 ? -1 : TimeUnit.MILLISECONDS.toNanos(millis);
    }

    static void send(Front front, Ctx ctx, Message m, long timeoutMillis) {
      if (!front.send(ctx, m, nanos(timeoutMillis))) {
        throw new SpException(SpError.TIMED_OUT, "send timed out after " + timeoutMillis + " ms");
      }
    }

    static Message recv(Front front, Ctx ctx, long timeoutMillis) {
      Message m = front.recv(ctx, nanos(timeoutMillis));
      if (m == null) {
        throw new SpException(
            SpError.TIMED_OUT, "receive timed out after " + timeoutMillis + " ms");
      }
      return m;
    }

    static CompletableFuture<Void> sendAsync(Front front, Ctx ctx, Message m, long timeoutMillis) {
      try {
        if (front.send(ctx, m, 0)) {
          return CompletableFuture.completedFuture(null);
        }
      } catch (SpException e) {
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      send(front, ctx, m, timeoutMillis);
                      f.complete(null);
                    } catch (RuntimeException e) {
                      f.completeExceptionally(e);
                    }
                  });
      f.whenComplete(
          (v, e) -> {
            if (f.isCancelled()) {
              t.interrupt();
            }
          });
      return f;
    }

    static CompletableFuture<Message> recvAsync(Front front, Ctx ctx, long timeoutMillis) {
      try {
        Message ready = front.recv(ctx, 0);
        if (ready != null) {
          return CompletableFuture.completedFuture(ready);
        }
      } catch (SpException e) {
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Message> f = new CompletableFuture<>();
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Message m = recv(front, ctx, timeoutMillis);
                      if (!f.complete(m)) {
                        front.unreceive(ctx, m); // cancelled meanwhile: the message stays queued
                      }
                    } catch (RuntimeException e) {
                      f.completeExceptionally(e);
                    }
                  });
      f.whenComplete(
          (v, e) -> {
            if (f.isCancelled()) {
              t.interrupt();
            }
          });
      return f;
    }
  }
}
