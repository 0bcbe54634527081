package io.sluice.sessions.testing;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.v1.Delivery;
import io.sluice.sessions.v1.HandleRequest;
import io.sluice.sessions.v1.SessionsGrpc;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A handler on the raw {@code Handle} stream that only collects deliveries (it never acknowledges
 * by itself), for tests that control every step. Thread-safe.
 */
public final class RawHandler implements AutoCloseable {
  private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private final AtomicReference<Throwable> error = new AtomicReference<>();
  private final Context.CancellableContext context;

  public RawHandler(Channel channel, int kind, Duration lease, int maxInFlight) {
    context = Context.current().withCancellation();
    HandleRequest request =
        HandleRequest.newBuilder()
            .setKind(kind)
            .setLeaseMillis(lease.toMillis())
            .setMaxInFlight(maxInFlight)
            .build();
    context.run(
        () ->
            SessionsGrpc.newStub(channel)
                .handle(
                    request,
                    new StreamObserver<>() {
                      @Override
                      public void onNext(Delivery d) {
                        deliveries.add(d);
                      }

                      @Override
                      public void onError(Throwable t) {
                        error.set(t);
                      }

                      @Override
                      public void onCompleted() {
                        error.set(new IllegalStateException("completed"));
                      }
                    }));
  }

  /** The next delivery, waiting up to {@code wait}; null if none came. */
  public Delivery poll(Duration wait) {
    try {
      return deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public int pending() {
    return deliveries.size();
  }

  public Throwable error() {
    return error.get();
  }

  @Override
  public void close() {
    context.cancel(null);
  }
}
