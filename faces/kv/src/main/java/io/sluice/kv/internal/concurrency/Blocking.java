package io.sluice.kv.internal.concurrency;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.EtcdException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs a recipe that waits (for a lock, for leadership) on a virtual thread, with a future that
 * completes when the client cancels the call, and sends its result or the error etcd's lock and
 * election servers would give. Stateless.
 */
final class Blocking {
  private Blocking() {}

  /** The body gets the cancellation future and returns the reply. */
  static <T> void unary(
      Executor threads, StreamObserver<T> out, Function<CompletableFuture<Void>, T> body) {
    CompletableFuture<Void> cancelled = onCancel(out);
    threads.execute(
        () -> {
          T reply;
          try {
            reply = body.apply(cancelled);
          } catch (RuntimeException e) {
            send(() -> out.onError(asGoError(e)));
            return;
          }
          send(
              () -> {
                out.onNext(reply);
                out.onCompleted();
              });
        });
  }

  /**
   * The status etcd's lock and election servers give a failure: they call the KV API through an
   * in-process client and return its error as a plain Go error, so every code but a cancellation
   * becomes UNKNOWN with the same message.
   */
  static StatusRuntimeException asGoError(Throwable t) {
    StatusRuntimeException s = EtcdException.toStatus(t);
    Status.Code code = s.getStatus().getCode();
    if (code == Status.Code.CANCELLED
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.UNKNOWN) {
      return s;
    }
    return Status.UNKNOWN.withDescription(s.getStatus().getDescription()).asRuntimeException();
  }

  /** A future completed when the client cancels the call (or its deadline passes). */
  static CompletableFuture<Void> onCancel(StreamObserver<?> out) {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    ((ServerCallStreamObserver<?>) out).setOnCancelHandler(() -> cancelled.complete(null));
    return cancelled;
  }

  /** Sends, ignoring a call that is already gone. */
  static void send(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // the call was cancelled meanwhile: nobody is listening
    }
  }
}
