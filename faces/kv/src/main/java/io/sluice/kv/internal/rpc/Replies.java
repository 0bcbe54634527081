package io.sluice.kv.internal.rpc;

import com.google.protobuf.MessageLite;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.EtcdError;
import io.sluice.kv.internal.etcd.EtcdException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Completes unary calls from futures, mapping every failure to etcd's status, and enforces the
 * request-size limit. Stateless and thread-safe.
 */
final class Replies {
  private Replies() {}

  /** Refuses a request whose encoded size is over etcd's --max-request-bytes. */
  static void checkSize(MessageLite request, int maxRequestBytes) {
    if (request.getSerializedSize() > maxRequestBytes) {
      throw EtcdError.REQUEST_TOO_LARGE.exception();
    }
  }

  /** Runs {@code call} and sends its result, or the etcd error it failed with. */
  static <T> void reply(StreamObserver<T> out, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      out.onError(EtcdException.toStatus(e));
      return;
    }
    f.whenComplete(
        (v, t) -> {
          if (t != null) {
            out.onError(EtcdException.toStatus(t));
          } else {
            out.onNext(v);
            out.onCompleted();
          }
        });
  }
}
