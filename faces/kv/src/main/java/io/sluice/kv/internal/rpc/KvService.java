package io.sluice.kv.internal.rpc;

import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.etcd.Quota;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.CompactionResponse;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeResponse;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import java.util.List;
import java.util.concurrent.Executor;

/** etcd's KV service. Thread-safe (stateless over the engine). */
public final class KvService extends KVGrpc.KVImplBase {
  private final KvEngine engine;
  private final Headers headers;
  private final int maxRequestBytes;
  private final Executor offload;
  private final Quota quota;

  /**
   * @param offload runs the requests that may block on a disk read while holding the store's lock
   *     (sorting or comparing by value, ignore_value), so event loops never wait on I/O
   */
  public KvService(
      KvEngine engine, Headers headers, int maxRequestBytes, Executor offload, Quota quota) {
    this.quota = quota;
    this.engine = engine;
    this.headers = headers;
    this.maxRequestBytes = maxRequestBytes;
    this.offload = offload;
  }

  private void maybeOffload(boolean blocking, Runnable r) {
    if (blocking) {
      offload.execute(r);
    } else {
      r.run();
    }
  }

  private static boolean mayBlock(RangeRequest r) {
    return r.getSortTarget() == RangeRequest.SortTarget.VALUE;
  }

  private static boolean mayBlock(TxnRequest t) {
    for (Compare c : t.getCompareList()) {
      if (c.getTarget() == Compare.CompareTarget.VALUE) {
        return true;
      }
    }
    for (List<RequestOp> ops : List.of(t.getSuccessList(), t.getFailureList())) {
      for (RequestOp op : ops) {
        if ((op.hasRequestPut() && op.getRequestPut().getIgnoreValue())
            || (op.hasRequestRange() && mayBlock(op.getRequestRange()))
            || (op.hasRequestTxn() && mayBlock(op.getRequestTxn()))) {
          return true;
        }
      }
    }
    return false;
  }

  /** etcd's isTxnPut: whether any branch, at any depth, puts. */
  private static boolean hasPut(TxnRequest t) {
    for (List<RequestOp> ops : List.of(t.getSuccessList(), t.getFailureList())) {
      for (RequestOp op : ops) {
        if (op.hasRequestPut() || (op.hasRequestTxn() && hasPut(op.getRequestTxn()))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void range(RangeRequest r, StreamObserver<RangeResponse> out) {
    maybeOffload(mayBlock(r), () -> doRange(r, out));
  }

  private void doRange(RangeRequest r, StreamObserver<RangeResponse> out) {
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
    maybeOffload(r.getIgnoreValue(), () -> doPut(r, out));
  }

  private void doPut(PutRequest r, StreamObserver<PutResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          quota.check(r.getSerializedSize());
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
    maybeOffload(mayBlock(r), () -> doTxn(r, out));
  }

  private void doTxn(TxnRequest r, StreamObserver<TxnResponse> out) {
    Replies.reply(
        out,
        () -> {
          Replies.checkSize(r, maxRequestBytes);
          if (hasPut(r)) {
            quota.check(r.getSerializedSize());
          }
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
