package io.sluice.kv.internal.rpc;

import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.watch.WatchHub;
import io.sluice.kv.internal.watch.WatchStream;
import io.sluice.kv.proto.etcdserverpb.WatchGrpc;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;

/** etcd's Watch service: one {@link WatchStream} per call. Thread-safe. */
public final class WatchService extends WatchGrpc.WatchImplBase {
  private final WatchHub hub;
  private final Headers headers;

  public WatchService(WatchHub hub, Headers headers) {
    this.hub = hub;
    this.headers = headers;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
    return new WatchStream(hub, headers, out);
  }
}
