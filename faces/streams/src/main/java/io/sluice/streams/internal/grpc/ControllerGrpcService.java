package io.sluice.streams.internal.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.protocol.controller.ContinuationToken;
import io.sluice.protocol.controller.ControllerServiceGrpc;
import io.sluice.protocol.controller.CreateKeyValueTableStatus;
import io.sluice.protocol.controller.CreateReaderGroupResponse;
import io.sluice.protocol.controller.CreateScopeStatus;
import io.sluice.protocol.controller.CreateStreamStatus;
import io.sluice.protocol.controller.CreateTxnRequest;
import io.sluice.protocol.controller.CreateTxnResponse;
import io.sluice.protocol.controller.DelegationToken;
import io.sluice.protocol.controller.DeleteKVTableStatus;
import io.sluice.protocol.controller.DeleteReaderGroupStatus;
import io.sluice.protocol.controller.DeleteScopeStatus;
import io.sluice.protocol.controller.DeleteStreamStatus;
import io.sluice.protocol.controller.ExistsResponse;
import io.sluice.protocol.controller.GetEpochSegmentsRequest;
import io.sluice.protocol.controller.GetSegmentsRequest;
import io.sluice.protocol.controller.KVTablesInScopeRequest;
import io.sluice.protocol.controller.KVTablesInScopeResponse;
import io.sluice.protocol.controller.KeyValueTableConfig;
import io.sluice.protocol.controller.KeyValueTableConfigResponse;
import io.sluice.protocol.controller.KeyValueTableInfo;
import io.sluice.protocol.controller.ListCompletedTxnRequest;
import io.sluice.protocol.controller.ListCompletedTxnResponse;
import io.sluice.protocol.controller.NodeUri;
import io.sluice.protocol.controller.PingTxnRequest;
import io.sluice.protocol.controller.PingTxnStatus;
import io.sluice.protocol.controller.ReaderGroupConfigResponse;
import io.sluice.protocol.controller.ReaderGroupConfiguration;
import io.sluice.protocol.controller.ReaderGroupInfo;
import io.sluice.protocol.controller.RemoveWriterRequest;
import io.sluice.protocol.controller.RemoveWriterResponse;
import io.sluice.protocol.controller.ScaleRequest;
import io.sluice.protocol.controller.ScaleResponse;
import io.sluice.protocol.controller.ScaleStatusRequest;
import io.sluice.protocol.controller.ScaleStatusResponse;
import io.sluice.protocol.controller.ScopeInfo;
import io.sluice.protocol.controller.ScopesRequest;
import io.sluice.protocol.controller.ScopesResponse;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.SegmentRanges;
import io.sluice.protocol.controller.SegmentValidityResponse;
import io.sluice.protocol.controller.SegmentsAtTime;
import io.sluice.protocol.controller.ServerRequest;
import io.sluice.protocol.controller.ServerResponse;
import io.sluice.protocol.controller.StreamConfig;
import io.sluice.protocol.controller.StreamCut;
import io.sluice.protocol.controller.StreamCutRange;
import io.sluice.protocol.controller.StreamCutRangeResponse;
import io.sluice.protocol.controller.StreamCutValidityResponse;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.controller.StreamsInScopeRequest;
import io.sluice.protocol.controller.StreamsInScopeResponse;
import io.sluice.protocol.controller.StreamsInScopeWithTagRequest;
import io.sluice.protocol.controller.SubscriberStreamCut;
import io.sluice.protocol.controller.SubscribersResponse;
import io.sluice.protocol.controller.SuccessorResponse;
import io.sluice.protocol.controller.TimestampFromWriter;
import io.sluice.protocol.controller.TimestampResponse;
import io.sluice.protocol.controller.TxnId;
import io.sluice.protocol.controller.TxnRequest;
import io.sluice.protocol.controller.TxnResponse;
import io.sluice.protocol.controller.TxnState;
import io.sluice.protocol.controller.TxnStatus;
import io.sluice.protocol.controller.UpdateReaderGroupResponse;
import io.sluice.protocol.controller.UpdateStreamStatus;
import io.sluice.protocol.controller.UpdateSubscriberStatus;
import io.sluice.streams.internal.controller.Controller;
import io.sluice.streams.internal.controller.KeyRange;
import io.sluice.streams.internal.controller.Outcome;
import io.sluice.streams.internal.controller.ScaleResult;
import io.sluice.streams.internal.controller.TxnCreated;
import io.sluice.streams.internal.meta.KvtRecord;
import io.sluice.streams.internal.meta.ReaderGroupRecord;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamRecord;
import io.sluice.streams.internal.meta.TxnRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pravega {@code ControllerService} RPCs on the {@link Controller}. Each RPC runs the
 * controller operation and answers with the status enum the client expects; a missing stream on a
 * query is gRPC NOT_FOUND, as Pravega's controller answers. List RPCs return everything in one page
 * and an empty page after it (the client stops at an empty page). Thread-safe.
 */
public final class ControllerGrpcService extends ControllerServiceGrpc.ControllerServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerGrpcService.class);
  private static final String END = "end";

  private final Controller controller;
  private final TokenIssuer tokens;
  private final Supplier<NodeUri> self;
  private final Supplier<NodeUri> segmentStore;

  /**
   * Creates the service.
   *
   * @param self where this controller is reached (for getControllerServerList)
   * @param segmentStore where the segment store is reached (for getURI)
   */
  public ControllerGrpcService(
      Controller controller,
      TokenIssuer tokens,
      Supplier<NodeUri> self,
      Supplier<NodeUri> segmentStore) {
    this.controller = controller;
    this.tokens = tokens;
    this.self = self;
    this.segmentStore = segmentStore;
  }

  private static <T> void run(StreamObserver<T> obs, Supplier<T> work) {
    T result;
    try {
      result = work.get();
    } catch (StatusRuntimeException e) {
      obs.onError(e);
      return;
    } catch (RuntimeException e) {
      LOG.warn("controller request failed", e);
      obs.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      return;
    }
    obs.onNext(result);
    obs.onCompleted();
  }

  private static StatusRuntimeException notFound(String what) {
    return Status.NOT_FOUND.withDescription(what + " does not exist").asRuntimeException();
  }

  private StreamRecord stream(StreamInfo s) {
    StreamRecord r = controller.streams().stream(s.getScope(), s.getStream());
    if (r == null) {
      throw notFound("stream " + s.getScope() + "/" + s.getStream());
    }
    return r;
  }

  private SegmentRanges ranges(String scope, String stream, List<SegmentRecord> segs) {
    SegmentRanges.Builder b = SegmentRanges.newBuilder();
    segs.forEach(s -> b.addSegmentRanges(Protos.range(scope, stream, s)));
    return b.setDelegationToken(tokens.issue(scope, stream, true)).build();
  }

  // ---- scopes

  @Override
  public void getControllerServerList(ServerRequest r, StreamObserver<ServerResponse> o) {
    run(o, () -> ServerResponse.newBuilder().addNodeURI(self.get()).build());
  }

  @Override
  public void createScope(ScopeInfo r, StreamObserver<CreateScopeStatus> o) {
    run(
        o,
        () ->
            CreateScopeStatus.newBuilder()
                .setStatus(
                    switch (controller.streams().createScope(r.getScope())) {
                      case SUCCESS -> CreateScopeStatus.Status.SUCCESS;
                      case EXISTS -> CreateScopeStatus.Status.SCOPE_EXISTS;
                      case INVALID_NAME -> CreateScopeStatus.Status.INVALID_SCOPE_NAME;
                      default -> CreateScopeStatus.Status.FAILURE;
                    })
                .build());
  }

  @Override
  public void listScopes(ScopesRequest r, StreamObserver<ScopesResponse> o) {
    run(
        o,
        () -> {
          ScopesResponse.Builder b =
              ScopesResponse.newBuilder()
                  .setContinuationToken(ContinuationToken.newBuilder().setToken(END));
          if (!END.equals(r.getContinuationToken().getToken())) {
            b.addAllScopes(controller.streams().listScopes());
          }
          return b.build();
        });
  }

  @Override
  public void checkScopeExists(ScopeInfo r, StreamObserver<ExistsResponse> o) {
    run(
        o,
        () ->
            ExistsResponse.newBuilder()
                .setExists(controller.streams().scopeExists(r.getScope()))
                .build());
  }

  @Override
  public void deleteScope(ScopeInfo r, StreamObserver<DeleteScopeStatus> o) {
    run(o, () -> deleteScopeStatus(controller.streams().deleteScope(r.getScope())));
  }

  @Override
  public void deleteScopeRecursive(ScopeInfo r, StreamObserver<DeleteScopeStatus> o) {
    run(o, () -> deleteScopeStatus(controller.deleteScopeRecursive(r.getScope())));
  }

  private static DeleteScopeStatus deleteScopeStatus(Outcome out) {
    return DeleteScopeStatus.newBuilder()
        .setStatus(
            switch (out) {
              case SUCCESS -> DeleteScopeStatus.Status.SUCCESS;
              case NOT_FOUND -> DeleteScopeStatus.Status.SCOPE_NOT_FOUND;
              case NOT_EMPTY -> DeleteScopeStatus.Status.SCOPE_NOT_EMPTY;
              default -> DeleteScopeStatus.Status.FAILURE;
            })
        .build();
  }

  // ---- streams

  @Override
  public void createStream(StreamConfig r, StreamObserver<CreateStreamStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          Outcome out =
              controller.streams().createStream(s.getScope(), s.getStream(), Protos.config(r));
          return CreateStreamStatus.newBuilder()
              .setStatus(
                  switch (out) {
                    case SUCCESS -> CreateStreamStatus.Status.SUCCESS;
                    case EXISTS -> CreateStreamStatus.Status.STREAM_EXISTS;
                    case SCOPE_NOT_FOUND -> CreateStreamStatus.Status.SCOPE_NOT_FOUND;
                    case INVALID_NAME -> CreateStreamStatus.Status.INVALID_STREAM_NAME;
                    default -> CreateStreamStatus.Status.FAILURE;
                  })
              .build();
        });
  }

  private static UpdateStreamStatus updateStatus(Outcome out) {
    return UpdateStreamStatus.newBuilder()
        .setStatus(
            switch (out) {
              case SUCCESS -> UpdateStreamStatus.Status.SUCCESS;
              case NOT_FOUND -> UpdateStreamStatus.Status.STREAM_NOT_FOUND;
              case SCOPE_NOT_FOUND -> UpdateStreamStatus.Status.SCOPE_NOT_FOUND;
              case SEALED -> UpdateStreamStatus.Status.STREAM_SEALED;
              default -> UpdateStreamStatus.Status.FAILURE;
            })
        .build();
  }

  @Override
  public void updateStream(StreamConfig r, StreamObserver<UpdateStreamStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return updateStatus(
              controller.streams().updateStream(s.getScope(), s.getStream(), Protos.config(r)));
        });
  }

  @Override
  public void getStreamConfiguration(StreamInfo r, StreamObserver<StreamConfig> o) {
    run(o, () -> Protos.config(stream(r)));
  }

  @Override
  public void truncateStream(StreamCut r, StreamObserver<UpdateStreamStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return updateStatus(
              controller.streams().truncate(s.getScope(), s.getStream(), r.getCutMap()));
        });
  }

  @Override
  public void sealStream(StreamInfo r, StreamObserver<UpdateStreamStatus> o) {
    run(o, () -> updateStatus(controller.streams().sealStream(r.getScope(), r.getStream())));
  }

  @Override
  public void deleteStream(StreamInfo r, StreamObserver<DeleteStreamStatus> o) {
    run(
        o,
        () ->
            DeleteStreamStatus.newBuilder()
                .setStatus(
                    switch (controller.streams().deleteStream(r.getScope(), r.getStream())) {
                      case SUCCESS -> DeleteStreamStatus.Status.SUCCESS;
                      case NOT_FOUND -> DeleteStreamStatus.Status.STREAM_NOT_FOUND;
                      case NOT_SEALED -> DeleteStreamStatus.Status.STREAM_NOT_SEALED;
                      default -> DeleteStreamStatus.Status.FAILURE;
                    })
                .build());
  }

  @Override
  public void checkStreamExists(StreamInfo r, StreamObserver<ExistsResponse> o) {
    run(
        o,
        () ->
            ExistsResponse.newBuilder()
                .setExists(controller.streams().stream(r.getScope(), r.getStream()) != null)
                .build());
  }

  @Override
  public void listStreamsInScope(
      StreamsInScopeRequest r, StreamObserver<StreamsInScopeResponse> o) {
    run(o, () -> listStreams(r.getScope().getScope(), r.getContinuationToken(), null));
  }

  @Override
  public void listStreamsInScopeForTag(
      StreamsInScopeWithTagRequest r, StreamObserver<StreamsInScopeResponse> o) {
    run(o, () -> listStreams(r.getScope().getScope(), r.getContinuationToken(), r.getTag()));
  }

  private StreamsInScopeResponse listStreams(String scope, ContinuationToken token, String tag) {
    List<String> names = controller.streams().listStreams(scope);
    StreamsInScopeResponse.Builder b =
        StreamsInScopeResponse.newBuilder()
            .setContinuationToken(ContinuationToken.newBuilder().setToken(END));
    if (names == null) {
      return b.setStatus(StreamsInScopeResponse.Status.SCOPE_NOT_FOUND).build();
    }
    if (!END.equals(token.getToken())) {
      for (String n : names) {
        StreamRecord rec = controller.streams().stream(scope, n);
        if (rec != null && (tag == null || rec.config().tags().contains(tag))) {
          b.addStreams(Protos.streamInfo(scope, n));
        }
      }
    }
    return b.setStatus(StreamsInScopeResponse.Status.SUCCESS).build();
  }

  // ---- segments

  @Override
  public void getCurrentSegments(StreamInfo r, StreamObserver<SegmentRanges> o) {
    run(o, () -> ranges(r.getScope(), r.getStream(), stream(r).currentSegments()));
  }

  @Override
  public void getEpochSegments(GetEpochSegmentsRequest r, StreamObserver<SegmentRanges> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          StreamRecord rec = stream(s);
          var epoch = rec.epoch(r.getEpoch());
          if (epoch == null) {
            throw Status.INVALID_ARGUMENT
                .withDescription("epoch " + r.getEpoch() + " does not exist")
                .asRuntimeException();
          }
          return ranges(s.getScope(), s.getStream(), rec.segmentsOf(epoch));
        });
  }

  @Override
  public void getSegments(GetSegmentsRequest r, StreamObserver<SegmentsAtTime> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          SegmentsAtTime.Builder b = SegmentsAtTime.newBuilder();
          for (Map.Entry<Long, Long> e : stream(s).head().entrySet()) {
            b.addSegments(
                SegmentsAtTime.SegmentLocation.newBuilder()
                    .setSegmentId(Protos.segmentId(s.getScope(), s.getStream(), e.getKey()))
                    .setOffset(e.getValue()));
          }
          return b.setDelegationToken(tokens.issue(s.getScope(), s.getStream(), true)).build();
        });
  }

  @Override
  public void getSegmentsImmediatlyFollowing(SegmentId r, StreamObserver<SuccessorResponse> o) {
    getSegmentsImmediatelyFollowing(r, o);
  }

  @Override
  public void getSegmentsImmediatelyFollowing(SegmentId r, StreamObserver<SuccessorResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          StreamRecord rec = stream(s);
          SuccessorResponse.Builder b = SuccessorResponse.newBuilder();
          rec.successors(r.getSegmentId())
              .forEach(
                  (seg, preds) ->
                      b.addSegments(
                          SuccessorResponse.SegmentEntry.newBuilder()
                              .setSegment(Protos.range(s.getScope(), s.getStream(), seg))
                              .addAllValue(preds)));
          return b.setDelegationToken(tokens.issue(s.getScope(), s.getStream(), true)).build();
        });
  }

  @Override
  public void getSegmentsBetween(StreamCutRange r, StreamObserver<StreamCutRangeResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          List<SegmentRecord> segs =
              controller
                  .streams()
                  .segmentsBetween(s.getScope(), s.getStream(), r.getFromMap(), r.getToMap());
          if (segs == null) {
            throw notFound("stream " + s.getScope() + "/" + s.getStream());
          }
          StreamCutRangeResponse.Builder b = StreamCutRangeResponse.newBuilder();
          segs.forEach(
              seg -> b.addSegments(Protos.segmentId(s.getScope(), s.getStream(), seg.segmentId())));
          return b.setDelegationToken(tokens.issue(s.getScope(), s.getStream(), false)).build();
        });
  }

  @Override
  public void getURI(SegmentId r, StreamObserver<NodeUri> o) {
    run(o, segmentStore);
  }

  @Override
  public void isSegmentValid(SegmentId r, StreamObserver<SegmentValidityResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return SegmentValidityResponse.newBuilder()
              .setResponse(
                  controller
                      .streams()
                      .isSegmentValid(s.getScope(), s.getStream(), r.getSegmentId()))
              .build();
        });
  }

  @Override
  public void isStreamCutValid(StreamCut r, StreamObserver<StreamCutValidityResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return StreamCutValidityResponse.newBuilder()
              .setResponse(
                  controller.streams().isStreamCutValid(s.getScope(), s.getStream(), r.getCutMap()))
              .build();
        });
  }

  // ---- scaling

  @Override
  public void scale(ScaleRequest r, StreamObserver<ScaleResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          List<KeyRange> ranges = new ArrayList<>();
          r.getNewKeyRangesList().forEach(k -> ranges.add(new KeyRange(k.getStart(), k.getEnd())));
          ScaleResult res =
              controller
                  .streams()
                  .scale(s.getScope(), s.getStream(), r.getSealedSegmentsList(), ranges);
          ScaleResponse.Builder b = ScaleResponse.newBuilder();
          switch (res.outcome()) {
            case SUCCESS -> {
              b.setStatus(ScaleResponse.ScaleStreamStatus.STARTED).setEpoch(res.epoch());
              res.newSegments()
                  .forEach(seg -> b.addSegments(Protos.range(s.getScope(), s.getStream(), seg)));
            }
            case PRECONDITION_FAILED ->
                b.setStatus(ScaleResponse.ScaleStreamStatus.PRECONDITION_FAILED);
            default -> b.setStatus(ScaleResponse.ScaleStreamStatus.FAILURE);
          }
          return b.build();
        });
  }

  @Override
  public void checkScale(ScaleStatusRequest r, StreamObserver<ScaleStatusResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          Outcome out = controller.streams().checkScale(s.getScope(), s.getStream(), r.getEpoch());
          return ScaleStatusResponse.newBuilder()
              .setStatus(
                  switch (out) {
                    case SUCCESS -> ScaleStatusResponse.ScaleStatus.SUCCESS;
                    case INVALID_ARGUMENT, NOT_FOUND ->
                        ScaleStatusResponse.ScaleStatus.INVALID_INPUT;
                    default -> ScaleStatusResponse.ScaleStatus.INTERNAL_ERROR;
                  })
              .build();
        });
  }

  // ---- transactions

  private static UUID txnId(TxnId id) {
    return new UUID(id.getHighBits(), id.getLowBits());
  }

  @Override
  public void createTransaction(CreateTxnRequest r, StreamObserver<CreateTxnResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          TxnCreated t = controller.txns().create(s.getScope(), s.getStream(), r.getLease());
          switch (t.outcome()) {
            case SUCCESS -> {}
            case NOT_FOUND -> throw notFound("stream " + s.getScope() + "/" + s.getStream());
            case SEALED ->
                throw Status.FAILED_PRECONDITION
                    .withDescription("stream " + s.getScope() + "/" + s.getStream() + " is sealed")
                    .asRuntimeException();
            default ->
                throw Status.INVALID_ARGUMENT
                    .withDescription("lease " + r.getLease() + " ms is not allowed")
                    .asRuntimeException();
          }
          CreateTxnResponse.Builder b =
              CreateTxnResponse.newBuilder()
                  .setTxnId(
                      TxnId.newBuilder()
                          .setHighBits(t.id().getMostSignificantBits())
                          .setLowBits(t.id().getLeastSignificantBits()));
          t.segments()
              .forEach(seg -> b.addActiveSegments(Protos.range(s.getScope(), s.getStream(), seg)));
          return b.setDelegationToken(tokens.issue(s.getScope(), s.getStream(), true)).build();
        });
  }

  private static TxnStatus txnStatus(Outcome out) {
    return TxnStatus.newBuilder()
        .setStatus(
            switch (out) {
              case SUCCESS -> TxnStatus.Status.SUCCESS;
              case NOT_FOUND -> TxnStatus.Status.STREAM_NOT_FOUND;
              case INVALID_ARGUMENT -> TxnStatus.Status.TRANSACTION_NOT_FOUND;
              default -> TxnStatus.Status.FAILURE;
            })
        .build();
  }

  @Override
  public void commitTransaction(TxnRequest r, StreamObserver<TxnStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return txnStatus(
              controller.txns().commit(s.getScope(), s.getStream(), txnId(r.getTxnId())));
        });
  }

  @Override
  public void abortTransaction(TxnRequest r, StreamObserver<TxnStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          return txnStatus(
              controller.txns().abort(s.getScope(), s.getStream(), txnId(r.getTxnId())));
        });
  }

  @Override
  public void pingTransaction(PingTxnRequest r, StreamObserver<PingTxnStatus> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          var ping =
              controller
                  .txns()
                  .ping(s.getScope(), s.getStream(), txnId(r.getTxnId()), r.getLease());
          return PingTxnStatus.newBuilder().setStatusValue(ping.ordinal()).build();
        });
  }

  @Override
  public void checkTransactionState(TxnRequest r, StreamObserver<TxnState> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          var st = controller.txns().state(s.getScope(), s.getStream(), txnId(r.getTxnId()));
          return TxnState.newBuilder().setStateValue(st.ordinal()).build();
        });
  }

  @Override
  public void listCompletedTransactions(
      ListCompletedTxnRequest r, StreamObserver<ListCompletedTxnResponse> o) {
    run(
        o,
        () -> {
          StreamInfo s = r.getStreamInfo();
          ListCompletedTxnResponse.Builder b = ListCompletedTxnResponse.newBuilder();
          for (TxnRecord t : controller.txns().completed(s.getScope(), s.getStream())) {
            b.addResponse(
                TxnResponse.newBuilder()
                    .setTxnId(
                        TxnId.newBuilder()
                            .setHighBits(t.id().getMostSignificantBits())
                            .setLowBits(t.id().getLeastSignificantBits()))
                    .setStatus(
                        t.state() == io.sluice.streams.internal.meta.TxnState.COMMITTED
                            ? TxnResponse.Status.COMMITTED
                            : TxnResponse.Status.ABORTED));
          }
          return b.build();
        });
  }

  // ---- writers, watermarks, subscribers

  @Override
  public void getDelegationToken(StreamInfo r, StreamObserver<DelegationToken> o) {
    run(
        o,
        () ->
            DelegationToken.newBuilder()
                .setDelegationToken(tokens.issue(r.getScope(), r.getStream(), true))
                .build());
  }

  @Override
  public void removeWriter(RemoveWriterRequest r, StreamObserver<RemoveWriterResponse> o) {
    run(
        o,
        () ->
            RemoveWriterResponse.newBuilder()
                .setResult(RemoveWriterResponse.Status.SUCCESS)
                .build());
  }

  @Override
  public void noteTimestampFromWriter(TimestampFromWriter r, StreamObserver<TimestampResponse> o) {
    run(
        o,
        () -> TimestampResponse.newBuilder().setResult(TimestampResponse.Status.SUCCESS).build());
  }

  @Override
  public void listSubscribers(StreamInfo r, StreamObserver<SubscribersResponse> o) {
    run(
        o,
        () -> {
          stream(r);
          return SubscribersResponse.newBuilder()
              .setStatus(SubscribersResponse.Status.SUCCESS)
              .build();
        });
  }

  @Override
  public void updateSubscriberStreamCut(
      SubscriberStreamCut r, StreamObserver<UpdateSubscriberStatus> o) {
    run(
        o,
        () ->
            UpdateSubscriberStatus.newBuilder()
                .setStatus(UpdateSubscriberStatus.Status.SUCCESS)
                .build());
  }

  // ---- reader groups

  private static ReaderGroupConfiguration withIdentity(ReaderGroupRecord rec) {
    try {
      return ReaderGroupConfiguration.parseFrom(rec.config()).toBuilder()
          .setScope(rec.scope())
          .setReaderGroupName(rec.name())
          .setGeneration(rec.generation())
          .setReaderGroupId(rec.id().toString())
          .build();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw Status.INTERNAL
          .withDescription("stored reader group config unreadable")
          .asRuntimeException();
    }
  }

  private static UUID parseId(String id) {
    try {
      return id.isEmpty() ? UUID.randomUUID() : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT
          .withDescription("bad reader group id " + id)
          .asRuntimeException();
    }
  }

  @Override
  public void createReaderGroup(
      ReaderGroupConfiguration r, StreamObserver<CreateReaderGroupResponse> o) {
    run(
        o,
        () -> {
          if (!io.sluice.streams.internal.meta.Names.validName(r.getReaderGroupName())) {
            return CreateReaderGroupResponse.newBuilder()
                .setStatus(CreateReaderGroupResponse.Status.INVALID_RG_NAME)
                .build();
          }
          ReaderGroupRecord rec =
              controller
                  .readerGroups()
                  .create(
                      r.getScope(),
                      r.getReaderGroupName(),
                      parseId(r.getReaderGroupId()),
                      r.toByteArray());
          if (rec == null) {
            return CreateReaderGroupResponse.newBuilder()
                .setStatus(CreateReaderGroupResponse.Status.SCOPE_NOT_FOUND)
                .build();
          }
          return CreateReaderGroupResponse.newBuilder()
              .setStatus(CreateReaderGroupResponse.Status.SUCCESS)
              .setConfig(withIdentity(rec))
              .build();
        });
  }

  @Override
  public void getReaderGroupConfig(ReaderGroupInfo r, StreamObserver<ReaderGroupConfigResponse> o) {
    run(
        o,
        () -> {
          ReaderGroupRecord rec = controller.readerGroups().get(r.getScope(), r.getReaderGroup());
          if (rec == null) {
            return ReaderGroupConfigResponse.newBuilder()
                .setStatus(ReaderGroupConfigResponse.Status.RG_NOT_FOUND)
                .build();
          }
          return ReaderGroupConfigResponse.newBuilder()
              .setStatus(ReaderGroupConfigResponse.Status.SUCCESS)
              .setConfig(withIdentity(rec))
              .build();
        });
  }

  @Override
  public void updateReaderGroup(
      ReaderGroupConfiguration r, StreamObserver<UpdateReaderGroupResponse> o) {
    run(
        o,
        () -> {
          long gen =
              controller
                  .readerGroups()
                  .update(r.getScope(), r.getReaderGroupName(), r.getGeneration(), r.toByteArray());
          UpdateReaderGroupResponse.Builder b = UpdateReaderGroupResponse.newBuilder();
          if (gen == -1) {
            return b.setStatus(UpdateReaderGroupResponse.Status.RG_NOT_FOUND).build();
          }
          if (gen == -2) {
            return b.setStatus(UpdateReaderGroupResponse.Status.INVALID_CONFIG).build();
          }
          return b.setStatus(UpdateReaderGroupResponse.Status.SUCCESS).setGeneration(gen).build();
        });
  }

  @Override
  public void deleteReaderGroup(ReaderGroupInfo r, StreamObserver<DeleteReaderGroupStatus> o) {
    run(
        o,
        () -> {
          UUID id = r.getReaderGroupId().isEmpty() ? null : parseId(r.getReaderGroupId());
          Outcome out = controller.readerGroups().delete(r.getScope(), r.getReaderGroup(), id);
          return DeleteReaderGroupStatus.newBuilder()
              .setStatus(
                  out == Outcome.SUCCESS
                      ? DeleteReaderGroupStatus.Status.SUCCESS
                      : DeleteReaderGroupStatus.Status.RG_NOT_FOUND)
              .build();
        });
  }

  // ---- key-value tables

  @Override
  public void createKeyValueTable(
      KeyValueTableConfig r, StreamObserver<CreateKeyValueTableStatus> o) {
    run(
        o,
        () -> {
          Outcome out =
              controller
                  .kvts()
                  .create(
                      r.getScope(),
                      r.getKvtName(),
                      r.getPartitionCount(),
                      r.getPrimaryKeyLength(),
                      r.getSecondaryKeyLength(),
                      r.getRolloverSizeBytes());
          return CreateKeyValueTableStatus.newBuilder()
              .setStatus(
                  switch (out) {
                    case SUCCESS -> CreateKeyValueTableStatus.Status.SUCCESS;
                    case EXISTS -> CreateKeyValueTableStatus.Status.TABLE_EXISTS;
                    case SCOPE_NOT_FOUND -> CreateKeyValueTableStatus.Status.SCOPE_NOT_FOUND;
                    case INVALID_NAME -> CreateKeyValueTableStatus.Status.INVALID_TABLE_NAME;
                    default -> CreateKeyValueTableStatus.Status.FAILURE;
                  })
              .build();
        });
  }

  @Override
  public void getCurrentSegmentsKeyValueTable(
      KeyValueTableInfo r, StreamObserver<SegmentRanges> o) {
    run(
        o,
        () -> {
          List<SegmentRecord> segs = controller.kvts().segments(r.getScope(), r.getKvtName());
          if (segs == null) {
            throw notFound("key-value table " + r.getScope() + "/" + r.getKvtName());
          }
          return ranges(r.getScope(), r.getKvtName(), segs);
        });
  }

  @Override
  public void getKeyValueTableConfiguration(
      KeyValueTableInfo r, StreamObserver<KeyValueTableConfigResponse> o) {
    run(
        o,
        () -> {
          KvtRecord k = controller.kvts().get(r.getScope(), r.getKvtName());
          if (k == null) {
            return KeyValueTableConfigResponse.newBuilder()
                .setStatus(KeyValueTableConfigResponse.Status.TABLE_NOT_FOUND)
                .build();
          }
          return KeyValueTableConfigResponse.newBuilder()
              .setStatus(KeyValueTableConfigResponse.Status.SUCCESS)
              .setConfig(
                  KeyValueTableConfig.newBuilder()
                      .setScope(k.scope())
                      .setKvtName(k.name())
                      .setPartitionCount(k.partitionCount())
                      .setPrimaryKeyLength(k.primaryKeyLength())
                      .setSecondaryKeyLength(k.secondaryKeyLength())
                      .setRolloverSizeBytes(k.rolloverSizeBytes()))
              .build();
        });
  }

  @Override
  public void listKeyValueTablesInScope(
      KVTablesInScopeRequest r, StreamObserver<KVTablesInScopeResponse> o) {
    run(
        o,
        () -> {
          String scope = r.getScope().getScope();
          List<String> names = controller.kvts().list(scope);
          KVTablesInScopeResponse.Builder b =
              KVTablesInScopeResponse.newBuilder()
                  .setContinuationToken(ContinuationToken.newBuilder().setToken(END));
          if (names == null) {
            return b.setStatus(KVTablesInScopeResponse.Status.SCOPE_NOT_FOUND).build();
          }
          if (!END.equals(r.getContinuationToken().getToken())) {
            names.forEach(
                n -> b.addKvtables(KeyValueTableInfo.newBuilder().setScope(scope).setKvtName(n)));
          }
          return b.setStatus(KVTablesInScopeResponse.Status.SUCCESS).build();
        });
  }

  @Override
  public void deleteKeyValueTable(KeyValueTableInfo r, StreamObserver<DeleteKVTableStatus> o) {
    run(
        o,
        () ->
            DeleteKVTableStatus.newBuilder()
                .setStatus(
                    controller.kvts().delete(r.getScope(), r.getKvtName()) == Outcome.SUCCESS
                        ? DeleteKVTableStatus.Status.SUCCESS
                        : DeleteKVTableStatus.Status.TABLE_NOT_FOUND)
                .build());
  }
}
