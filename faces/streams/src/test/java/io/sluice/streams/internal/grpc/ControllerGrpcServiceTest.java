package io.sluice.streams.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.sluice.protocol.controller.ControllerServiceGrpc;
import io.sluice.protocol.controller.CreateReaderGroupResponse;
import io.sluice.protocol.controller.CreateScopeStatus;
import io.sluice.protocol.controller.CreateStreamStatus;
import io.sluice.protocol.controller.NodeUri;
import io.sluice.protocol.controller.ReaderGroupConfiguration;
import io.sluice.protocol.controller.ScalingPolicy;
import io.sluice.protocol.controller.ScopeInfo;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.StreamConfig;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.streams.internal.controller.Controller;
import io.sluice.streams.testing.ManualClock;
import io.sluice.streams.testing.MemoryStorage;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerGrpcServiceTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final String name = InProcessServerBuilder.generateName();
  private final NodeUri ss = NodeUri.newBuilder().setEndpoint("127.0.0.1").setPort(12345).build();
  private final Server server;
  private final ManagedChannel channel;
  private final ControllerServiceGrpc.ControllerServiceBlockingStub stub;

  ControllerGrpcServiceTest() throws Exception {
    Controller controller = Controller.open(storage, new ManualClock(), 60_000);
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new ControllerGrpcService(controller, TokenIssuer.NONE, () -> ss, () -> ss))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = ControllerServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.shutdownNow();
    storage.close();
  }

  @Test
  void streamLifecycleAndSideStreamsAsTheClientExpects() {
    assertThat(stub.createScope(ScopeInfo.newBuilder().setScope("sc").build()).getStatus())
        .isEqualTo(CreateScopeStatus.Status.SUCCESS);
    StreamInfo st = StreamInfo.newBuilder().setScope("sc").setStream("st").build();
    StreamConfig cfg =
        StreamConfig.newBuilder()
            .setStreamInfo(st)
            .setScalingPolicy(ScalingPolicy.newBuilder().setMinNumSegments(3))
            .build();
    assertThat(stub.createStream(cfg).getStatus()).isEqualTo(CreateStreamStatus.Status.SUCCESS);
    assertThat(stub.createStream(cfg).getStatus())
        .isEqualTo(CreateStreamStatus.Status.STREAM_EXISTS);
    assertThat(stub.getCurrentSegments(st).getSegmentRangesCount()).isEqualTo(3);
    assertThat(stub.getCurrentSegments(st).getDelegationToken()).isEmpty();
    assertThat(
            stub.getCurrentSegments(st.toBuilder().setStream("_MARKst").build())
                .getSegmentRangesCount())
        .isEqualTo(1);
    assertThat(stub.getURI(SegmentId.newBuilder().setStreamInfo(st).build())).isEqualTo(ss);
    assertThatThrownBy(() -> stub.getCurrentSegments(st.toBuilder().setStream("none").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    String id = UUID.randomUUID().toString();
    CreateReaderGroupResponse rg =
        stub.createReaderGroup(
            ReaderGroupConfiguration.newBuilder()
                .setScope("sc")
                .setReaderGroupName("g")
                .setReaderGroupId(id)
                .build());
    assertThat(rg.getStatus()).isEqualTo(CreateReaderGroupResponse.Status.SUCCESS);
    assertThat(rg.getConfig().getGeneration()).isZero();
    assertThat(rg.getConfig().getReaderGroupId()).isEqualTo(id);
    assertThat(
            stub.getCurrentSegments(st.toBuilder().setStream("_RGg").build())
                .getSegmentRangesCount())
        .isEqualTo(1);
  }
}
