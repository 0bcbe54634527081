package io.sluice.cli.stream;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.sluice.protocol.controller.ControllerServiceGrpc;
import io.sluice.protocol.controller.NodeUri;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.StreamInfo;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The command line's view of a node: a controller stub and, on demand, a segment-store connection
 * at the address the controller names. Not thread-safe.
 */
final class StreamClient implements AutoCloseable {
  private final ManagedChannel channel;
  final ControllerServiceGrpc.ControllerServiceBlockingStub controller;
  private WireConnection wire;

  StreamClient(String host, int port) {
    channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    controller =
        ControllerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static StreamInfo stream(String scopedName) {
    int slash = scopedName.indexOf('/');
    if (slash <= 0 || slash == scopedName.length() - 1) {
      throw new IllegalArgumentException("expected SCOPE/STREAM, got '" + scopedName + "'");
    }
    return StreamInfo.newBuilder()
        .setScope(scopedName.substring(0, slash))
        .setStream(scopedName.substring(slash + 1))
        .build();
  }

  /** The segment store connection (opened on first use). */
  WireConnection wire(StreamInfo s) throws IOException {
    if (wire == null) {
      NodeUri uri =
          controller.getURI(SegmentId.newBuilder().setStreamInfo(s).setSegmentId(0).build());
      wire = new WireConnection(uri.getEndpoint(), uri.getPort());
    }
    return wire;
  }

  static String segmentName(StreamInfo s, long id) {
    return s.getScope() + "/" + s.getStream() + "/" + (int) id + ".#epoch." + (int) (id >>> 32);
  }

  @Override
  public void close() throws IOException {
    if (wire != null) {
      wire.close();
    }
    channel.shutdownNow();
  }
}
