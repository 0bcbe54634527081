package io.sluice.bench.pravega.nullserver;

import io.grpc.stub.StreamObserver;
import io.sluice.protocol.controller.ControllerServiceGrpc;
import io.sluice.protocol.controller.CreateReaderGroupResponse;
import io.sluice.protocol.controller.CreateScopeStatus;
import io.sluice.protocol.controller.CreateStreamStatus;
import io.sluice.protocol.controller.DelegationToken;
import io.sluice.protocol.controller.DeleteReaderGroupStatus;
import io.sluice.protocol.controller.ExistsResponse;
import io.sluice.protocol.controller.GetSegmentsRequest;
import io.sluice.protocol.controller.NodeUri;
import io.sluice.protocol.controller.ReaderGroupConfigResponse;
import io.sluice.protocol.controller.ReaderGroupConfiguration;
import io.sluice.protocol.controller.ReaderGroupInfo;
import io.sluice.protocol.controller.RemoveWriterRequest;
import io.sluice.protocol.controller.RemoveWriterResponse;
import io.sluice.protocol.controller.ScopeInfo;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.SegmentRange;
import io.sluice.protocol.controller.SegmentRanges;
import io.sluice.protocol.controller.SegmentValidityResponse;
import io.sluice.protocol.controller.SegmentsAtTime;
import io.sluice.protocol.controller.ServerRequest;
import io.sluice.protocol.controller.ServerResponse;
import io.sluice.protocol.controller.StreamConfig;
import io.sluice.protocol.controller.StreamCut;
import io.sluice.protocol.controller.StreamCutValidityResponse;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.controller.SuccessorResponse;
import io.sluice.protocol.controller.TimestampFromWriter;
import io.sluice.protocol.controller.TimestampResponse;
import io.sluice.protocol.controller.UpdateReaderGroupResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The null server's controller: the RPCs one writer, many writers and a reader group use. Streams
 * have a fixed number of segments of epoch 0 that never change (any stream not created, such as
 * {@code _RG<group>} and {@code _MARK<stream>}, has one); reader groups keep the configuration the
 * client sent. Every other RPC answers UNIMPLEMENTED. Thread-safe.
 */
final class NullController extends ControllerServiceGrpc.ControllerServiceImplBase {
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();
  private final Map<String, ReaderGroupConfiguration> groups = new ConcurrentHashMap<>();
  private final NodeUri self;
  private final NodeUri segmentStore;

  NullController(NodeUri self, NodeUri segmentStore) {
    this.self = self;
    this.segmentStore = segmentStore;
  }

  private static <T> void reply(StreamObserver<T> o, T value) {
    o.onNext(value);
    o.onCompleted();
  }

  private int segments(StreamInfo s) {
    return streams.getOrDefault(s.getScope() + "/" + s.getStream(), 1);
  }

  private static SegmentId id(StreamInfo s, long n) {
    return SegmentId.newBuilder()
        .setStreamInfo(StreamInfo.newBuilder().setScope(s.getScope()).setStream(s.getStream()))
        .setSegmentId(n)
        .build();
  }

  @Override
  public void getControllerServerList(ServerRequest r, StreamObserver<ServerResponse> o) {
    reply(o, ServerResponse.newBuilder().addNodeURI(self).build());
  }

  @Override
  public void createScope(ScopeInfo r, StreamObserver<CreateScopeStatus> o) {
    reply(o, CreateScopeStatus.newBuilder().setStatus(CreateScopeStatus.Status.SUCCESS).build());
  }

  @Override
  public void checkScopeExists(ScopeInfo r, StreamObserver<ExistsResponse> o) {
    reply(o, ExistsResponse.newBuilder().setExists(true).build());
  }

  @Override
  public void createStream(StreamConfig r, StreamObserver<CreateStreamStatus> o) {
    StreamInfo s = r.getStreamInfo();
    int n = Math.max(1, r.getScalingPolicy().getMinNumSegments());
    Integer old = streams.putIfAbsent(s.getScope() + "/" + s.getStream(), n);
    reply(
        o,
        CreateStreamStatus.newBuilder()
            .setStatus(
                old == null
                    ? CreateStreamStatus.Status.SUCCESS
                    : CreateStreamStatus.Status.STREAM_EXISTS)
            .build());
  }

  @Override
  public void checkStreamExists(StreamInfo r, StreamObserver<ExistsResponse> o) {
    reply(
        o,
        ExistsResponse.newBuilder()
            .setExists(streams.containsKey(r.getScope() + "/" + r.getStream()))
            .build());
  }

  @Override
  public void getCurrentSegments(StreamInfo r, StreamObserver<SegmentRanges> o) {
    int n = segments(r);
    SegmentRanges.Builder b = SegmentRanges.newBuilder().setDelegationToken("");
    for (int i = 0; i < n; i++) {
      b.addSegmentRanges(
          SegmentRange.newBuilder()
              .setSegmentId(id(r, i))
              .setMinKey((double) i / n)
              .setMaxKey(i + 1 == n ? 1.0 : (double) (i + 1) / n));
    }
    reply(o, b.build());
  }

  @Override
  public void getSegments(GetSegmentsRequest r, StreamObserver<SegmentsAtTime> o) {
    int n = segments(r.getStreamInfo());
    SegmentsAtTime.Builder b = SegmentsAtTime.newBuilder().setDelegationToken("");
    for (int i = 0; i < n; i++) {
      b.addSegments(
          SegmentsAtTime.SegmentLocation.newBuilder()
              .setSegmentId(id(r.getStreamInfo(), i))
              .setOffset(0));
    }
    reply(o, b.build());
  }

  @Override
  public void getSegmentsImmediatelyFollowing(SegmentId r, StreamObserver<SuccessorResponse> o) {
    reply(o, SuccessorResponse.newBuilder().setDelegationToken("").build());
  }

  @Override
  public void getSegmentsImmediatlyFollowing(SegmentId r, StreamObserver<SuccessorResponse> o) {
    getSegmentsImmediatelyFollowing(r, o);
  }

  @Override
  public void getURI(SegmentId r, StreamObserver<NodeUri> o) {
    reply(o, segmentStore);
  }

  @Override
  public void isSegmentValid(SegmentId r, StreamObserver<SegmentValidityResponse> o) {
    reply(o, SegmentValidityResponse.newBuilder().setResponse(true).build());
  }

  @Override
  public void isStreamCutValid(StreamCut r, StreamObserver<StreamCutValidityResponse> o) {
    reply(o, StreamCutValidityResponse.newBuilder().setResponse(true).build());
  }

  @Override
  public void getDelegationToken(StreamInfo r, StreamObserver<DelegationToken> o) {
    reply(o, DelegationToken.newBuilder().setDelegationToken("").build());
  }

  @Override
  public void removeWriter(RemoveWriterRequest r, StreamObserver<RemoveWriterResponse> o) {
    reply(
        o,
        RemoveWriterResponse.newBuilder().setResult(RemoveWriterResponse.Status.SUCCESS).build());
  }

  @Override
  public void noteTimestampFromWriter(TimestampFromWriter r, StreamObserver<TimestampResponse> o) {
    reply(o, TimestampResponse.newBuilder().setResult(TimestampResponse.Status.SUCCESS).build());
  }

  @Override
  public void createReaderGroup(
      ReaderGroupConfiguration r, StreamObserver<CreateReaderGroupResponse> o) {
    ReaderGroupConfiguration c =
        r.toBuilder()
            .setGeneration(0)
            .setReaderGroupId(
                r.getReaderGroupId().isEmpty()
                    ? UUID.randomUUID().toString()
                    : r.getReaderGroupId())
            .build();
    ReaderGroupConfiguration stored =
        groups.computeIfAbsent(r.getScope() + "/" + r.getReaderGroupName(), k -> c);
    reply(
        o,
        CreateReaderGroupResponse.newBuilder()
            .setStatus(CreateReaderGroupResponse.Status.SUCCESS)
            .setConfig(stored)
            .build());
  }

  @Override
  public void getReaderGroupConfig(ReaderGroupInfo r, StreamObserver<ReaderGroupConfigResponse> o) {
    ReaderGroupConfiguration c = groups.get(r.getScope() + "/" + r.getReaderGroup());
    reply(
        o,
        c == null
            ? ReaderGroupConfigResponse.newBuilder()
                .setStatus(ReaderGroupConfigResponse.Status.RG_NOT_FOUND)
                .build()
            : ReaderGroupConfigResponse.newBuilder()
                .setStatus(ReaderGroupConfigResponse.Status.SUCCESS)
                .setConfig(c)
                .build());
  }

  @Override
  public void updateReaderGroup(
      ReaderGroupConfiguration r, StreamObserver<UpdateReaderGroupResponse> o) {
    String key = r.getScope() + "/" + r.getReaderGroupName();
    ReaderGroupConfiguration c =
        groups.compute(
            key,
            (k, old) ->
                r.toBuilder().setGeneration(old == null ? 0 : old.getGeneration() + 1).build());
    reply(
        o,
        UpdateReaderGroupResponse.newBuilder()
            .setStatus(UpdateReaderGroupResponse.Status.SUCCESS)
            .setGeneration(c.getGeneration())
            .build());
  }

  @Override
  public void deleteReaderGroup(ReaderGroupInfo r, StreamObserver<DeleteReaderGroupStatus> o) {
    groups.remove(r.getScope() + "/" + r.getReaderGroup());
    reply(
        o,
        DeleteReaderGroupStatus.newBuilder()
            .setStatus(DeleteReaderGroupStatus.Status.SUCCESS)
            .build());
  }
}
