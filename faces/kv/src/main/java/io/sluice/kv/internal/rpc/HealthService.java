package io.sluice.kv.internal.rpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.health.HealthCheckRequest;
import io.sluice.kv.proto.health.HealthCheckResponse;
import io.sluice.kv.proto.health.HealthGrpc;
import java.util.Set;

/**
 * The standard gRPC health service, as etcd registers it: the server ("") and the etcd services
 * report SERVING; unknown services get NOT_FOUND. Thread-safe (immutable).
 */
public final class HealthService extends HealthGrpc.HealthImplBase {
  private static final Set<String> KNOWN =
      Set.of(
          "",
          "etcdserverpb.KV",
          "etcdserverpb.Watch",
          "etcdserverpb.Lease",
          "etcdserverpb.Cluster",
          "etcdserverpb.Maintenance");

  private static HealthCheckResponse serving() {
    return HealthCheckResponse.newBuilder()
        .setStatus(HealthCheckResponse.ServingStatus.SERVING)
        .build();
  }

  @Override
  public void check(HealthCheckRequest r, StreamObserver<HealthCheckResponse> out) {
    if (!KNOWN.contains(r.getService())) {
      out.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
      return;
    }
    out.onNext(serving());
    out.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest r, StreamObserver<HealthCheckResponse> out) {
    out.onNext(
        KNOWN.contains(r.getService())
            ? serving()
            : HealthCheckResponse.newBuilder()
                .setStatus(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN)
                .build());
  }
}
