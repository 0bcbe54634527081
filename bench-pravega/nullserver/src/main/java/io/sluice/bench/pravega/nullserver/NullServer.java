package io.sluice.bench.pravega.nullserver;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.sluice.protocol.controller.NodeUri;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts the null server on free loopback ports and prints {@code null server ready controller=P
 * segmentstore=Q}; runs until the process is killed. The controller runs on gRPC's own threads, the
 * segment store on one event loop.
 *
 * <pre>
 * java -cp 'bench-pravega/nullserver/target/sluice-bench-pravega-null.jar:bench-pravega/nullserver/target/lib/*' \
 *     io.sluice.bench.pravega.nullserver.NullServer
 * </pre>
 *
 * Not thread-safe; a command-line program.
 */
public final class NullServer {
  private NullServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    NullSegmentStore store = new NullSegmentStore();
    store.start(new InetSocketAddress("127.0.0.1", 0));
    NodeUri ss = NodeUri.newBuilder().setEndpoint("127.0.0.1").setPort(store.port()).build();
    // the controller's own address is only known after the bind; no client asks for it here
    NodeUri self = NodeUri.newBuilder().setEndpoint("127.0.0.1").setPort(0).build();
    Server grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new NullController(self, ss))
            .build()
            .start();
    int controller = ((InetSocketAddress) grpc.getListenSockets().get(0)).getPort();
    System.out.println(
        "null server ready controller=" + controller + " segmentstore=" + store.port());
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  grpc.shutdownNow();
                  store.close();
                  stop.countDown();
                }));
    while (!stop.await(1, TimeUnit.HOURS)) {
      // runs until killed
    }
  }
}
