package io.sluice.kv.internal.rpc;

import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.CompactionResponse;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeResponse;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;

/** etcd's KV service. Thread-safe (stateless over the engine). */
public final class KvService extends KVGrpc.KVImplBase {
  private final KvEngine engine;
  private final Headers headers;
  private final int maxRequestBytes;

  public KvService(KvEngine engine, Headers headers, int maxRequestBytes) {
    this.engine = engine;
    this.headers = headers;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void range(RangeRequest r, StreamObserver<RangeResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          return engine
              .range(r)
              .thenApply(
                  resp -> resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build());
        });
  }

  @Override
  public void put(PutRequest r, StreamObserver<PutResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          return engine
              .put(r)
              .thenApply(
                  resp -> resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build());
        });
  }

  @Override
  public void deleteRange(DeleteRangeRequest r, StreamObserver<DeleteRangeResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          return engine
              .deleteRange(r)
              .thenApply(
                  resp -> resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build());
        });
  }

  @Override
  public void txn(TxnRequest r, StreamObserver<TxnResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          return engine
              .txn(r)
              .thenApply(
                  resp -> resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build());
        });
  }

  @Override
  public void compact(CompactionRequest r, StreamObserver<CompactionResponse> out) {
    Replies.reply(
        out,
        () ->
            engine
                .compact(r.getRevision(), r.getPhysical())
                .thenApply(
                    rev -> CompactionResponse.newBuilder().setHeader(headers.header(rev)).build()));
  }
}
