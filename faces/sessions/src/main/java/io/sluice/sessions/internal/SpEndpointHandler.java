package io.sluice.sessions.internal;

import io.grpc.stub.StreamObserver;
import io.sluice.sessions.KindEndpoint;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.Delivery;
import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SocketContext;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpException;
import io.sluice.sp.SpSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as the handler of one kind: subscribed to the kind like a {@code Handle} stream, it
 * sends each delivered session as a request over an SP REQ socket dialled to the kind's endpoint
 * and applies the reply (see {@link EndpointCodec}) with the delivery's attempt as its lease token.
 * No reply within the request timeout, an unreadable reply or a dead peer is a failed attempt: the
 * session is stored again with its kind's default timeout (and moves to the dead-letter kind after
 * the kind's max attempts, as for any handler).
 *
 * <p>Threading: deliveries arrive on the sessions loop ({@link #onNext}); each exchange runs on a
 * virtual thread of its own holding one of {@code maxInFlight} REQ contexts; the results go back to
 * the log through its ordinary operations. Thread-safe.
 */
public final class SpEndpointHandler implements StreamObserver<Delivery>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpEndpointHandler.class);

  /** Lease beyond the request timeout, so the reply can be applied before the lease lapses. */
  private static final long LEASE_MARGIN_MILLIS = 5_000;

  private final SessionLog sessions;
  private final KindEndpoint endpoint;
  private final SpSocket socket;
  private final BlockingQueue<SocketContext> contexts;
  private final HandlerStream handler;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  private SpEndpointHandler(SessionLog sessions, KindEndpoint endpoint) {
    this.sessions = sessions;
    this.endpoint = endpoint;
    long timeout = endpoint.requestTimeout().toMillis();
    this.socket =
        SpSocket.open(
            Protocol.REQ,
            SocketOptions.defaults()
                .withSendTimeoutMillis(timeout)
                .withRecvTimeoutMillis(timeout)
                .withRequestResendMillis(-1)
                .withRecvMaxSize(sessions.options.maxRecordBytes() + 1024L));
    this.contexts = new ArrayBlockingQueue<>(endpoint.maxInFlight());
    this.handler =
        new HandlerStream(
            endpoint.kind(), timeout + LEASE_MARGIN_MILLIS, endpoint.maxInFlight(), 0, this);
  }

  /** Dials the endpoint (in the background; it keeps redialling) and subscribes to the kind. */
  public static SpEndpointHandler start(SessionLog sessions, KindEndpoint endpoint) {
    SpEndpointHandler h = new SpEndpointHandler(sessions, endpoint);
    try {
      h.socket.connect(endpoint.url());
      for (int i = 0; i < endpoint.maxInFlight(); i++) {
        h.contexts.add(h.socket.openContext());
      }
    } catch (RuntimeException e) {
      h.socket.close();
      throw new IllegalArgumentException(
          "kind " + endpoint.kind() + ": cannot dial endpoint " + endpoint.url() + ": " + e, e);
    }
    sessions.addHandler(
        h.handler,
        new Reply<>() {
          @Override
          public void ok(Void value) {}

          @Override
          public void fail(SessionsError error, String message) {
            log.error("sessions: endpoint {} not subscribed: {}", endpoint.url(), message);
          }
        });
    log.info(
        "sessions: kind {} is handled by the SP REP peer at {} ({} in flight, request timeout {})",
        Integer.toUnsignedString(endpoint.kind()),
        endpoint.url(),
        endpoint.maxInFlight(),
        endpoint.requestTimeout());
    return h;
  }

  public KindEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void onNext(Delivery d) {
    if (closed) {
      return;
    }
    Thread.ofVirtual()
        .name("sluice-sessions-endpoint-" + Integer.toUnsignedString(endpoint.kind()))
        .start(() -> exchange(d));
  }

  private void exchange(Delivery d) {
    SocketContext ctx;
    try {
      ctx = contexts.take();
    } catch (InterruptedException e) {
      return;
    }
    EndpointCodec.Action action;
    try {
      ctx.send(new Message(EndpointCodec.request(d)));
      action = EndpointCodec.reply(ctx.recv().body());
    } catch (SpException e) {
      action =
          new EndpointCodec.Bad(
              "no reply from "
                  + endpoint.url()
                  + " within "
                  + endpoint.requestTimeout().toMillis()
                  + " ms ("
                  + e.getMessage()
                  + ")");
    } finally {
      contexts.add(ctx);
    }
    if (closed) {
      return;
    }
    apply(d, action);
  }

  private void apply(Delivery d, EndpointCodec.Action action) {
    long id = d.getId();
    int attempt = d.getAttempt();
    switch (action) {
      case EndpointCodec.Delete x -> sessions.delete(id, attempt, logged(d, "delete"));
      case EndpointCodec.Store s ->
          sessions.store(id, attempt, s.timeoutMillis(), logged(d, "store"));
      case EndpointCodec.Replace r ->
          sessions.replace(
              id,
              attempt,
              ByteBuffer.wrap(r.record()),
              then(
                  d,
                  "replace",
                  () -> sessions.store(id, attempt, r.timeoutMillis(), logged(d, "store"))));
      case EndpointCodec.Append a ->
          sessions.append(
              id,
              attempt,
              List.of(ByteBuffer.wrap(a.record())),
              then(
                  d,
                  "append",
                  () -> sessions.store(id, attempt, a.timeoutMillis(), logged(d, "store"))));
      case EndpointCodec.Bad b -> {
        log.warn(
            "sessions: attempt {} of session {} (kind {}) failed at {}: {}; storing it for"
                + " redelivery",
            attempt,
            id,
            Integer.toUnsignedString(d.getKind()),
            endpoint.url(),
            b.why());
        sessions.store(id, attempt, -1, logged(d, "store"));
      }
    }
  }

  private <T> Reply<T> then(Delivery d, String what, Runnable next) {
    return new Reply<>() {
      @Override
      public void ok(T value) {
        next.run();
      }

      @Override
      public void fail(SessionsError error, String message) {
        log.warn(
            "sessions: {} of session {} for {} failed: {}; storing it for redelivery",
            what,
            d.getId(),
            endpoint.url(),
            message);
        sessions.store(d.getId(), d.getAttempt(), -1, logged(d, "store"));
      }
    };
  }

  private <T> Reply<T> logged(Delivery d, String what) {
    return new Reply<>() {
      @Override
      public void ok(T value) {}

      @Override
      public void fail(SessionsError error, String message) {
        // LEASE_LOST: the lease lapsed first; the session was taken back and goes out again
        log.info(
            "sessions: {} of session {} (attempt {}) from {} not applied: {} {}",
            what,
            d.getId(),
            d.getAttempt(),
            endpoint.url(),
            error,
            message);
      }
    };
  }

  @Override
  public void onError(Throwable t) {
    closed = true;
  }

  @Override
  public void onCompleted() {
    closed = true;
  }

  /** Unsubscribes (sessions out with the peer go back to the queue) and closes the socket. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    sessions.removeHandler(handler);
    socket.close();
  }
}
