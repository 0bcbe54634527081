package io.sluice.bench.kv;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor of a durable put on this machine: an etcd {@code KV} service that does only what any
 * durable server must do per put, in Java with the same gRPC and Netty as the node (one epoll event
 * loop, handlers on it): write the key and value to a pre-zeroed file and {@code fdatasync} it,
 * then answer. No index, no history, no revision bookkeeping beyond a counter; Range answers empty.
 * Run by {@code KvBench --sluice-null=true} in the node's place, so the 1-client put ratio can be
 * set against what a server that keeps nothing else would reach. One put at a time (no group
 * commit): a floor for one client only. Thread-safe (puts are serialized).
 *
 * <pre>java -cp bench/target/benchmarks.jar io.sluice.bench.kv.NullKvServer DATA_DIR</pre>
 *
 * Prints {@code null kv listening on 127.0.0.1:PORT} when ready.
 */
public final class NullKvServer extends KVGrpc.KVImplBase {
  private static final long FILE_BYTES = 64L << 20;

  private final FileChannel log;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
  private long position;
  private long revision = 1;

  private NullKvServer(FileChannel log) {
    this.log = log;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FileChannel log =
        FileChannel.open(
            dir.resolve("null.log"),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
      zeros.clear();
      log.write(zeros, at);
    }
    log.force(true);
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .addService(new NullKvServer(log));
    if (Epoll.isAvailable()) {
      b.bossEventLoopGroup(new EpollEventLoopGroup(1, new DefaultThreadFactory("null-accept")))
          .workerEventLoopGroup(new EpollEventLoopGroup(1, new DefaultThreadFactory("null-loop")))
          .channelType(EpollServerSocketChannel.class);
    }
    Server server = b.build().start();
    System.out.println("null kv listening on 127.0.0.1:" + server.getPort());
    server.awaitTermination();
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> reply) {
    int size = request.getKey().size() + request.getValue().size();
    if (size > buffer.capacity()) {
      reply.onError(
          Status.INVALID_ARGUMENT
              .withDescription("key and value over " + buffer.capacity() + " bytes")
              .asRuntimeException());
      return;
    }
    long rev;
    try {
      synchronized (this) {
        if (position + size > FILE_BYTES) {
          position = 0;
        }
        buffer.clear();
        request.getKey().copyTo(buffer);
        request.getValue().copyTo(buffer);
        buffer.flip();
        while (buffer.hasRemaining()) {
          log.write(buffer, position + buffer.position());
        }
        log.force(false);
        position += size;
        rev = ++revision;
      }
    } catch (IOException e) {
      reply.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      return;
    }
    reply.onNext(
        PutResponse.newBuilder()
            .setHeader(ResponseHeader.newBuilder().setRevision(rev).build())
            .build());
    reply.onCompleted();
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> reply) {
    reply.onNext(RangeResponse.newBuilder().setHeader(ResponseHeader.newBuilder()).build());
    reply.onCompleted();
  }
}
