package io.sluice.kv.diff;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.ClusterGrpc;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.LeaseGrpc;
import io.sluice.kv.proto.etcdserverpb.MaintenanceGrpc;
import io.sluice.kv.proto.etcdserverpb.WatchGrpc;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.kv.proto.health.HealthGrpc;
import io.sluice.kv.proto.v3electionpb.ElectionGrpc;
import io.sluice.kv.proto.v3lockpb.LockGrpc;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One server under test (etcd or Sluice) with stubs for every service. */
public final class Target implements AutoCloseable {
  final String name;
  final ManagedChannel channel;

  Target(String name, int port) {
    this.name = name;
    this.channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
  }

  KVGrpc.KVBlockingStub kv() {
    return KVGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  LeaseGrpc.LeaseBlockingStub lease() {
    return LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  LeaseGrpc.LeaseStub leaseAsync() {
    return LeaseGrpc.newStub(channel);
  }

  MaintenanceGrpc.MaintenanceBlockingStub maintenance() {
    return MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  ClusterGrpc.ClusterBlockingStub cluster() {
    return ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  LockGrpc.LockBlockingStub lock() {
    return LockGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  ElectionGrpc.ElectionBlockingStub election() {
    return ElectionGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** Opens a Watch stream. */
  WatchSession watch() {
    WatchSession s = new WatchSession();
    s.requests = WatchGrpc.newStub(channel).watch(s);
    return s;
  }

  /** A Watch call whose responses are queued for the test. */
  static final class WatchSession implements StreamObserver<WatchResponse>, AutoCloseable {
    final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
    StreamObserver<WatchRequest> requests;

    void send(WatchRequest r) {
      requests.onNext(r);
    }

    /** The next response, or null after the timeout. */
    WatchResponse next(long millis) {
      try {
        Object o = responses.poll(millis, TimeUnit.MILLISECONDS);
        if (o instanceof Throwable t) {
          throw new AssertionError("watch failed", t);
        }
        return (WatchResponse) o;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void onNext(WatchResponse value) {
      responses.add(value);
    }

    @Override
    public void onError(Throwable t) {
      responses.add(t);
    }

    @Override
    public void onCompleted() {}

    @Override
    public void close() {
      try {
        requests.onCompleted();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
