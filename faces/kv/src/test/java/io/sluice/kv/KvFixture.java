package io.sluice.kv;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.sluice.kv.proto.etcdserverpb.ClusterGrpc;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.LeaseGrpc;
import io.sluice.kv.proto.etcdserverpb.MaintenanceGrpc;
import io.sluice.kv.proto.etcdserverpb.WatchGrpc;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A KV face on a real storage engine in a temp directory, with stubs; restartable. */
final class KvFixture implements AutoCloseable {
  final Path dir;
  final Clock clock;
  final KvOptions options;
  StorageEngine storage;
  KvFace face;
  ManagedChannel channel;
  KVGrpc.KVBlockingStub kv;
  WatchGrpc.WatchStub watch;
  LeaseGrpc.LeaseBlockingStub lease;
  LeaseGrpc.LeaseStub leaseAsync;
  MaintenanceGrpc.MaintenanceBlockingStub maintenance;
  ClusterGrpc.ClusterBlockingStub cluster;

  KvFixture(Path dir, Clock clock, KvOptions options) {
    this.dir = dir;
    this.clock = clock;
    this.options = options;
    open();
  }

  KvFixture(Path dir, Clock clock) {
    this(dir, clock, KvOptions.defaults());
  }

  private void open() {
    storage = StorageEngine.open(StorageConfig.builder(dir.resolve("data")).build());
    face = KvFace.start(storage, new InetSocketAddress("127.0.0.1", 0), clock, options);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", face.port())
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
    kv = KVGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    watch = WatchGrpc.newStub(channel);
    lease = LeaseGrpc.newBlockingStub(channel);
    leaseAsync = LeaseGrpc.newStub(channel);
    maintenance = MaintenanceGrpc.newBlockingStub(channel);
    cluster = ClusterGrpc.newBlockingStub(channel);
  }

  /** Closes everything (as a clean shutdown) and opens it again on the same directory. */
  void restart() {
    closeAll();
    open();
  }

  private void closeAll() {
    channel.shutdownNow();
    face.close();
    storage.close();
  }

  @Override
  public void close() {
    closeAll();
  }
}
