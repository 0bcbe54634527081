package io.sluice.kv.internal.concurrency;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.kv.proto.mvccpb.KeyValue;
import io.sluice.kv.proto.v3lockpb.LockGrpc;
import io.sluice.kv.proto.v3lockpb.LockRequest;
import io.sluice.kv.proto.v3lockpb.LockResponse;
import io.sluice.kv.proto.v3lockpb.UnlockRequest;
import io.sluice.kv.proto.v3lockpb.UnlockResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * etcd's Lock service: clientv3's Mutex run in the server. A locker's key is {@code name/<lease
 * hex>} attached to its lease; the lock belongs to the key with the lowest create revision under
 * {@code name/}, and a waiter watches the deletion of the newest key created before its own, so
 * each release wakes one waiter. Calls that wait run on virtual threads; a cancelled Lock removes
 * its key. Thread-safe.
 */
public final class LockService extends LockGrpc.LockImplBase {
  private final KvClient kv;
  private final Executor threads;

  public LockService(KvEngine engine, Headers headers, Executor virtualThreads) {
    this.kv = new KvClient(engine, headers);
    this.threads = virtualThreads;
  }

  @Override
  public void lock(LockRequest r, StreamObserver<LockResponse> out) {
    Blocking.unary(threads, out, cancelled -> lock(r, cancelled));
  }

  private LockResponse lock(LockRequest r, CompletableFuture<Void> cancelled) {
    long lease = Sessions.lease(kv, r.getLease(), cancelled);
    ByteString prefix = Sessions.prefix(r.getName());
    ByteString myKey = Sessions.key(prefix, lease);
    RequestOp getOwner =
        RequestOp.newBuilder().setRequestRange(KvClient.byCreate(prefix, true)).build();
    TxnRequest t =
        TxnRequest.newBuilder()
            .addCompare(KvClient.createRevIs(myKey, 0))
            .addSuccess(
                RequestOp.newBuilder()
                    .setRequestPut(PutRequest.newBuilder().setKey(myKey).setLease(lease)))
            .addSuccess(getOwner)
            .addFailure(
                RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(myKey)))
            .addFailure(getOwner)
            .build();
    TxnResponse resp = kv.txn(t, cancelled);
    long myRev = resp.getHeader().getRevision();
    if (!resp.getSucceeded()) {
      myRev = resp.getResponses(0).getResponseRange().getKvs(0).getCreateRevision();
    }
    List<KeyValue> owner = resp.getResponses(1).getResponseRange().getKvsList();
    ResponseHeader header = resp.getHeader();
    if (!owner.isEmpty() && owner.get(0).getCreateRevision() != myRev) {
      try {
        header = kv.waitDeletes(prefix, myRev - 1, cancelled);
      } catch (RuntimeException e) {
        kv.delete(myKey, null);
        throw e;
      }
    }
    return LockResponse.newBuilder().setHeader(header).setKey(myKey).build();
  }

  @Override
  public void unlock(UnlockRequest r, StreamObserver<UnlockResponse> out) {
    Blocking.unary(
        threads,
        out,
        cancelled ->
            UnlockResponse.newBuilder()
                .setHeader(kv.delete(r.getKey(), cancelled).getHeader())
                .build());
  }
}
