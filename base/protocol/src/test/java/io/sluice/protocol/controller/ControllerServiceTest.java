package io.sluice.protocol.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ControllerServiceTest {
  private static final String SERVICE =
      "io.pravega.controller.stream.api.grpc.v1.ControllerService";

  @Test
  void serviceAndMethodPathsAreThoseOfPravega() {
    ServiceDescriptor sd = ControllerServiceGrpc.getServiceDescriptor();
    assertThat(sd.getName()).isEqualTo(SERVICE);
    Set<String> names =
        sd.getMethods().stream()
            .map(MethodDescriptor::getFullMethodName)
            .collect(Collectors.toSet());
    assertThat(names).hasSize(46); // Pravega 0.13 declares 46 RPCs
    assertThat(names)
        .contains(
            SERVICE + "/createScope",
            SERVICE + "/createStream",
            SERVICE + "/getCurrentSegments",
            SERVICE + "/getSegments",
            SERVICE + "/getSegmentsImmediatlyFollowing",
            SERVICE + "/getSegmentsImmediatelyFollowing",
            SERVICE + "/getURI",
            SERVICE + "/getDelegationToken",
            SERVICE + "/createReaderGroup",
            SERVICE + "/getReaderGroupConfig",
            SERVICE + "/createKeyValueTable",
            SERVICE + "/getCurrentSegmentsKeyValueTable",
            SERVICE + "/getKeyValueTableConfiguration",
            SERVICE + "/noteTimestampFromWriter",
            SERVICE + "/listStreamsInScopeForTag");
  }

  /** Field numbers on the wire, written out by hand from Pravega's Controller.proto. */
  @Test
  void messagesUsePravegasFieldNumbers() {
    SegmentId id =
        SegmentId.newBuilder()
            .setStreamInfo(StreamInfo.newBuilder().setScope("s").setStream("t"))
            .setSegmentId(5)
            .build();
    // field 1 (streamInfo, len 6: field 1 "s", field 2 "t"), field 2 varint 5
    assertThat(HexFormat.of().formatHex(id.toByteArray())).isEqualTo("0a060a0173120174" + "1005");
    ListCompletedTxnResponse txns =
        ListCompletedTxnResponse.newBuilder()
            .addResponse(TxnResponse.newBuilder().setStatus(TxnResponse.Status.ABORTED))
            .build();
    // Pravega numbers this repeated field 2, not 1
    assertThat(HexFormat.of().formatHex(txns.toByteArray())).isEqualTo("1202" + "1001");
    ReaderGroupConfiguration rg =
        ReaderGroupConfiguration.newBuilder().setRolloverSizeBytes(1).setGeneration(2).build();
    assertThat(HexFormat.of().formatHex(rg.toByteArray())).isEqualTo("3802" + "5801");
  }

  @Test
  void anInProcessServerAnswersAndLeavesTheRestUnimplemented() throws Exception {
    String name = InProcessServerBuilder.generateName();
    ControllerServiceGrpc.ControllerServiceImplBase impl =
        new ControllerServiceGrpc.ControllerServiceImplBase() {
          @Override
          public void getURI(SegmentId request, StreamObserver<NodeUri> response) {
            response.onNext(NodeUri.newBuilder().setEndpoint("127.0.0.1").setPort(12345).build());
            response.onCompleted();
          }
        };
    Server server = InProcessServerBuilder.forName(name).directExecutor().addService(impl).build();
    server.start();
    ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      var stub = ControllerServiceGrpc.newBlockingStub(ch);
      NodeUri uri = stub.getURI(SegmentId.newBuilder().setSegmentId(1).build());
      assertThat(uri.getEndpoint()).isEqualTo("127.0.0.1");
      assertThat(uri.getPort()).isEqualTo(12345);
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> stub.createScope(ScopeInfo.newBuilder().setScope("x").build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    } finally {
      ch.shutdownNow();
      server.shutdownNow();
    }
  }
}
