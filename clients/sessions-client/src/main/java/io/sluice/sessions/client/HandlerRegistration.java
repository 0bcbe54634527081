package io.sluice.sessions.client;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.sluice.sessions.v1.HandleRequest;
import io.sluice.sessions.v1.SessionsGrpc;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler subscribed to one kind: holds the {@code Handle} stream, runs the handler for each
 * delivery on its own virtual thread, stores sessions the handler left unfinished, and resubscribes
 * when the stream breaks. {@link #close} ends the subscription; sessions still leased to it go back
 * to the node's queue. Thread-safe.
 */
public final class HandlerRegistration implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HandlerRegistration.class);

  private final SessionsClient client;
  private final int kind;
  private final HandlerOptions options;
  private final SessionHandler handler;
  private final SessionsGrpc.SessionsStub stub;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong delivered = new AtomicLong();
  private final Object lock = new Object();
  private ClientCallStreamObserver<HandleRequest> call;
  private boolean closed;

  private HandlerRegistration(
      SessionsClient client, int kind, HandlerOptions options, SessionHandler handler) {
    this.client = client;
    this.kind = kind;
    this.options = options;
    this.handler = handler;
    this.stub = SessionsGrpc.newStub(client.channel());
  }

  static HandlerRegistration start(
      SessionsClient client, int kind, HandlerOptions options, SessionHandler handler) {
    HandlerRegistration r = new HandlerRegistration(client, kind, options, handler);
    r.subscribe();
    return r;
  }

  public int kind() {
    return kind;
  }

  /** Deliveries received so far. */
  public long delivered() {
    return delivered.get();
  }

  private void subscribe() {
    HandleRequest request =
        HandleRequest.newBuilder()
            .setKind(kind)
            .setLeaseMillis(options.lease().toMillis())
            .setMaxInFlight(options.maxInFlight())
            .build();
    synchronized (lock) {
      if (closed) {
        return;
      }
      stub.handle(request, new Observer());
    }
  }

  private final class Observer
      implements ClientResponseObserver<HandleRequest, io.sluice.sessions.v1.Delivery> {
    @Override
    public void beforeStart(ClientCallStreamObserver<HandleRequest> requestStream) {
      synchronized (lock) {
        call = requestStream;
      }
    }

    @Override
    public void onNext(io.sluice.sessions.v1.Delivery d) {
      delivered.incrementAndGet();
      running.incrementAndGet();
      Thread.ofVirtual().name("sessions-handler-" + kind).start(() -> process(d));
    }

    @Override
    public void onError(Throwable t) {
      resubscribeLater(t);
    }

    @Override
    public void onCompleted() {
      resubscribeLater(null);
    }
  }

  private void process(io.sluice.sessions.v1.Delivery d) {
    try {
      Session session = client.session(d.getId(), d.getAttempt());
      Delivery delivery =
          new Delivery(
              d.getId(),
              d.getKind(),
              d.getOriginalKind(),
              d.getAttempt(),
              d.getDueAtMillis(),
              d.getRecordsList().stream().map(b -> b.toByteArray()).toList(),
              session);
      try {
        handler.handle(delivery);
      } catch (Exception e) {
        log.warn("handler of kind {} failed on {}; storing it for redelivery", kind, session, e);
      }
      if (!session.finished() && !isClosed()) {
        try {
          session.store();
        } catch (SessionsException e) {
          log.warn("could not store unfinished {}: {}", session, e.getMessage());
        }
      }
    } finally {
      running.decrementAndGet();
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void resubscribeLater(Throwable cause) {
    if (isClosed()) {
      return;
    }
    log.info(
        "handler stream of kind {} ended ({}); resubscribing in {}",
        kind,
        cause == null ? "completed" : cause.getMessage(),
        options.reconnectDelay());
    Thread.ofVirtual()
        .name("sessions-resubscribe-" + kind)
        .start(
            () -> {
              try {
                Thread.sleep(options.reconnectDelay());
              } catch (InterruptedException e) {
                return;
              }
              subscribe();
            });
  }

  /**
   * Waits (up to 5 s) for running handlers, then ends the subscription; sessions still leased to it
   * go back to the node's queue. Idempotent.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (running.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ClientCallStreamObserver<HandleRequest> c;
    synchronized (lock) {
      closed = true;
      c = call;
    }
    if (c != null) {
      c.cancel("handler registration closed", null);
    }
  }
}
