package io.sluice.kv.internal.concurrency;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.kv.proto.mvccpb.KeyValue;
import io.sluice.kv.proto.v3electionpb.CampaignRequest;
import io.sluice.kv.proto.v3electionpb.CampaignResponse;
import io.sluice.kv.proto.v3electionpb.ElectionGrpc;
import io.sluice.kv.proto.v3electionpb.LeaderKey;
import io.sluice.kv.proto.v3electionpb.LeaderRequest;
import io.sluice.kv.proto.v3electionpb.LeaderResponse;
import io.sluice.kv.proto.v3electionpb.ProclaimRequest;
import io.sluice.kv.proto.v3electionpb.ProclaimResponse;
import io.sluice.kv.proto.v3electionpb.ResignRequest;
import io.sluice.kv.proto.v3electionpb.ResignResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * etcd's Election service: clientv3's Election run in the server. A candidate's key is {@code
 * name/<lease hex>} holding its proclaimed value; the leader is the key with the lowest create
 * revision under {@code name/}; Campaign returns once every older candidate's key is gone. Proclaim
 * and Resign act only while the key still has the leader's create revision. Errors are etcd's
 * ({@code election: no leader}, {@code election: not leader}, code UNKNOWN). Calls that wait run on
 * virtual threads. Thread-safe.
 */
public final class ElectionService extends ElectionGrpc.ElectionImplBase {
  static final String NO_LEADER = "election: no leader";
  static final String NOT_LEADER = "election: not leader";
  static final String MISSING_LEADER_KEY = "\"leader\" field must be provided";

  private final KvClient kv;
  private final Executor threads;

  public ElectionService(KvEngine engine, Headers headers, Executor virtualThreads) {
    this.kv = new KvClient(engine, headers);
    this.threads = virtualThreads;
  }

  /** The request's leader key, or etcd's error when the request has none. */
  private static LeaderKey leaderKey(boolean present, LeaderKey key) {
    if (!present) {
      throw error(MISSING_LEADER_KEY);
    }
    return key;
  }

  private static StatusRuntimeException error(String message) {
    return Status.UNKNOWN.withDescription(message).asRuntimeException();
  }

  @Override
  public void campaign(CampaignRequest r, StreamObserver<CampaignResponse> out) {
    Blocking.unary(threads, out, cancelled -> campaign(r, cancelled));
  }

  private CampaignResponse campaign(CampaignRequest r, CompletableFuture<Void> cancelled) {
    long lease = Sessions.lease(kv, r.getLease(), cancelled);
    ByteString prefix = Sessions.prefix(r.getName());
    ByteString key = Sessions.key(prefix, lease);
    TxnRequest t =
        TxnRequest.newBuilder()
            .addCompare(KvClient.createRevIs(key, 0))
            .addSuccess(
                RequestOp.newBuilder()
                    .setRequestPut(
                        PutRequest.newBuilder().setKey(key).setValue(r.getValue()).setLease(lease)))
            .addFailure(
                RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)))
            .build();
    TxnResponse resp = kv.txn(t, cancelled);
    long leaderRev = resp.getHeader().getRevision();
    if (!resp.getSucceeded()) {
      KeyValue existing = resp.getResponses(0).getResponseRange().getKvs(0);
      leaderRev = existing.getCreateRevision();
      if (!existing.getValue().equals(r.getValue())) {
        if (proclaim(key, leaderRev, lease, r.getValue(), cancelled) == null) {
          resign(key, leaderRev, null);
          throw error(NOT_LEADER);
        }
      }
    }
    try {
      kv.waitDeletes(prefix, leaderRev - 1, cancelled);
    } catch (RuntimeException e) {
      if (cancelled.isDone()) {
        resign(key, leaderRev, null);
      }
      throw e;
    }
    return CampaignResponse.newBuilder()
        .setHeader(resp.getHeader())
        .setLeader(
            LeaderKey.newBuilder()
                .setName(r.getName())
                .setKey(key)
                .setRev(leaderRev)
                .setLease(lease))
        .build();
  }

  /** Puts {@code value} if {@code key} still has create revision {@code rev}; null if not. */
  private ResponseHeader proclaim(
      ByteString key, long rev, long lease, ByteString value, CompletableFuture<Void> cancelled) {
    TxnResponse resp =
        kv.txn(
            TxnRequest.newBuilder()
                .addCompare(KvClient.createRevIs(key, rev))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestPut(
                            PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease)))
                .build(),
            cancelled);
    return resp.getSucceeded() ? resp.getHeader() : null;
  }

  private ResponseHeader resign(ByteString key, long rev, CompletableFuture<Void> cancelled) {
    return kv.txn(
            TxnRequest.newBuilder()
                .addCompare(KvClient.createRevIs(key, rev))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)))
                .build(),
            cancelled)
        .getHeader();
  }

  @Override
  public void proclaim(ProclaimRequest r, StreamObserver<ProclaimResponse> out) {
    Blocking.unary(
        threads,
        out,
        cancelled -> {
          LeaderKey l = leaderKey(r.hasLeader(), r.getLeader());
          long lease = Sessions.lease(kv, l.getLease(), cancelled);
          ResponseHeader h = proclaim(l.getKey(), l.getRev(), lease, r.getValue(), cancelled);
          if (h == null) {
            throw error(NOT_LEADER);
          }
          return ProclaimResponse.newBuilder().setHeader(h).build();
        });
  }

  @Override
  public void resign(ResignRequest r, StreamObserver<ResignResponse> out) {
    Blocking.unary(
        threads,
        out,
        cancelled -> {
          LeaderKey l = leaderKey(r.hasLeader(), r.getLeader());
          return ResignResponse.newBuilder()
              .setHeader(resign(l.getKey(), l.getRev(), cancelled))
              .build();
        });
  }

  @Override
  public void leader(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    Blocking.unary(
        threads,
        out,
        cancelled -> {
          RangeResponse resp =
              kv.range(KvClient.byCreate(Sessions.prefix(r.getName()), true).build(), cancelled);
          if (resp.getKvsCount() == 0) {
            throw error(NO_LEADER);
          }
          return LeaderResponse.newBuilder()
              .setHeader(resp.getHeader())
              .setKv(resp.getKvs(0))
              .build();
        });
  }

  @Override
  public void observe(LeaderRequest r, StreamObserver<LeaderResponse> out) {
    CompletableFuture<Void> cancelled = Blocking.onCancel(out);
    threads.execute(() -> new LeaderObserver(kv, Sessions.prefix(r.getName()), out).run(cancelled));
  }
}
