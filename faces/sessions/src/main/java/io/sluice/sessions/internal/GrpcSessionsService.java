package io.sluice.sessions.internal;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.AppendReply;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DefineKindReply;
import io.sluice.sessions.v1.DeleteReply;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.Delivery;
import io.sluice.sessions.v1.GetRequest;
import io.sluice.sessions.v1.HandleRequest;
import io.sluice.sessions.v1.KindPolicy;
import io.sluice.sessions.v1.ListKindsReply;
import io.sluice.sessions.v1.ListKindsRequest;
import io.sluice.sessions.v1.OpenReply;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.RenewReply;
import io.sluice.sessions.v1.RenewRequest;
import io.sluice.sessions.v1.ReplaceReply;
import io.sluice.sessions.v1.ReplaceRequest;
import io.sluice.sessions.v1.SessionInfo;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.SessionsGrpc;
import io.sluice.sessions.v1.StoreReply;
import io.sluice.sessions.v1.StoreRequest;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC service {@code sluice.sessions.v1.Sessions}: checks the shape of each request, hands it
 * to the {@link SessionLog} and turns its outcome into a reply or a status with the {@code
 * sluice-error} trailer. Runs on the transport's threads and never blocks them. Thread-safe.
 */
public final class GrpcSessionsService extends SessionsGrpc.SessionsImplBase {
  private static final Logger log = LoggerFactory.getLogger(GrpcSessionsService.class);

  private final SessionLog sessions;

  public GrpcSessionsService(SessionLog sessions) {
    this.sessions = sessions;
  }

  private static <T, R> Reply<T> reply(StreamObserver<R> observer, Function<T, R> toReply) {
    return new Reply<>() {
      @Override
      public void ok(T value) {
        try {
          observer.onNext(toReply.apply(value));
          observer.onCompleted();
        } catch (RuntimeException e) {
          log.debug("sessions: reply not sent (call gone)", e);
        }
      }

      @Override
      public void fail(SessionsError error, String message) {
        try {
          observer.onError(error.toStatusException(message));
        } catch (RuntimeException e) {
          log.debug("sessions: error not sent (call gone)", e);
        }
      }
    };
  }

  private static boolean badRef(SessionRef ref, boolean present, StreamObserver<?> observer) {
    if (!present || ref.getId() == 0) {
      observer.onError(
          SessionsError.BAD_REQUEST.toStatusException("the request needs a session id"));
      return true;
    }
    return false;
  }

  private static int attempt(SessionRef ref) {
    return ref.getAttempt();
  }

  /** Runs one session-changing operation as a task on the sessions loop. */
  private <R> void onLoop(StreamObserver<R> observer, java.util.function.Consumer<Reply<R>> op) {
    Reply<R> r = reply(observer, v -> v);
    sessions.runBatch(
        () -> op.accept(r),
        () -> r.fail(SessionsError.STORAGE_UNAVAILABLE, "the sessions face is shut down"));
  }

  @Override
  public void open(OpenRequest request, StreamObserver<OpenReply> observer) {
    onLoop(observer, r -> Operations.open(sessions, request, r));
  }

  @Override
  public void append(AppendRequest request, StreamObserver<AppendReply> observer) {
    onLoop(observer, r -> Operations.append(sessions, request, r));
  }

  @Override
  public void replace(ReplaceRequest request, StreamObserver<ReplaceReply> observer) {
    onLoop(observer, r -> Operations.replace(sessions, request, r));
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteReply> observer) {
    onLoop(observer, r -> Operations.delete(sessions, request, r));
  }

  @Override
  public void store(StoreRequest request, StreamObserver<StoreReply> observer) {
    onLoop(observer, r -> Operations.store(sessions, request, r));
  }

  /**
   * The generated binding of every method but {@code Operate}, which is bound with the node's own
   * codec ({@link OperateCodec}: the same bytes on the wire, no protobuf object per operation).
   */
  public ServerServiceDefinition definition() {
    ServerServiceDefinition generated = super.bindService();
    ServerServiceDefinition.Builder b =
        ServerServiceDefinition.builder(generated.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
      if (!m.getMethodDescriptor()
          .getFullMethodName()
          .equals(OperateCodec.METHOD.getFullMethodName())) {
        b.addMethod(m);
      }
    }
    b.addMethod(
        OperateCodec.METHOD,
        ServerCalls.asyncBidiStreamingCall(
            observer ->
                new OperateCall(
                    sessions, (ServerCallStreamObserver<OperateCodec.Results>) observer)));
    return b.build();
  }

  @Override
  public void get(GetRequest request, StreamObserver<SessionInfo> observer) {
    if (badRef(request.getSession(), request.hasSession(), observer)) {
      return;
    }
    sessions.get(
        request.getSession().getId(), request.getIncludeRecords(), reply(observer, i -> i));
  }

  @Override
  public void renew(RenewRequest request, StreamObserver<RenewReply> observer) {
    if (badRef(request.getSession(), request.hasSession(), observer)) {
      return;
    }
    if (request.getLeaseMillis() < 0) {
      observer.onError(SessionsError.BAD_REQUEST.toStatusException("lease out of range"));
      return;
    }
    sessions.renew(
        request.getSession().getId(),
        attempt(request.getSession()),
        request.getLeaseMillis(),
        reply(observer, v -> RenewReply.getDefaultInstance()));
  }

  @Override
  public void handle(HandleRequest request, StreamObserver<Delivery> observer) {
    ServerCallStreamObserver<Delivery> stream = (ServerCallStreamObserver<Delivery>) observer;
    if (request.getLeaseMillis() < 0
        || request.getLeaseMillis() > SessionLog.MAX_TIMEOUT.toMillis()) {
      observer.onError(SessionsError.BAD_REQUEST.toStatusException("lease out of range"));
      return;
    }
    int maxInFlight = Math.min(Math.max(request.getMaxInFlight(), 1), 4096);
    HandlerStream h =
        new HandlerStream(
            request.getKind(),
            request.getLeaseMillis(),
            maxInFlight,
            Integer.toUnsignedLong(request.getMaxDeliveries()),
            stream);
    stream.setOnCancelHandler(() -> sessions.removeHandler(h));
    sessions.addHandler(h, reply(observer, v -> Delivery.getDefaultInstance()));
  }

  @Override
  public void defineKind(KindPolicy request, StreamObserver<DefineKindReply> observer) {
    KindSpec spec;
    try {
      spec = KindSpec.fromProto(request);
    } catch (IllegalArgumentException | ArithmeticException e) {
      observer.onError(SessionsError.BAD_REQUEST.toStatusException(e.getMessage()));
      return;
    }
    if (request.getDefaultTimeoutMillis() < 0 || request.getMaxJitterMillis() < 0) {
      observer.onError(SessionsError.BAD_REQUEST.toStatusException("negative timeout or jitter"));
      return;
    }
    sessions.defineKind(spec, reply(observer, v -> DefineKindReply.getDefaultInstance()));
  }

  @Override
  public void listKinds(ListKindsRequest request, StreamObserver<ListKindsReply> observer) {
    sessions.listKinds(
        reply(
            observer,
            kinds -> {
              ListKindsReply.Builder b = ListKindsReply.newBuilder();
              kinds.forEach(k -> b.addKinds(k.toProto()));
              return b.build();
            }));
  }
}
