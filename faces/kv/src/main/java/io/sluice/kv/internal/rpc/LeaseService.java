package io.sluice.kv.internal.rpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.EtcdException;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.etcd.Quota;
import io.sluice.kv.internal.mvcc.Lease;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseGrpc;
import io.sluice.kv.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseLeasesRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseLeasesResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseRevokeRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseRevokeResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseStatus;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveResponse;
import java.util.concurrent.CompletableFuture;

/**
 * etcd's Lease service. Keep-alive streams answer each request in order (a per-stream chain of
 * futures). Thread-safe.
 */
public final class LeaseService extends LeaseGrpc.LeaseImplBase {
  private final KvEngine engine;
  private final Headers headers;
  private final Quota quota;

  public LeaseService(KvEngine engine, Headers headers, Quota quota) {
    this.quota = quota;
    this.engine = engine;
    this.headers = headers;
  }

  @Override
  public void leaseGrant(LeaseGrantRequest r, StreamObserver<LeaseGrantResponse> out) {
    Replies.reply(
        out,
        () -> {
          quota.check(MvccIndex.RECORD_OVERHEAD_BYTES);
          return engine
              .leaseGrant(r.getTTL(), r.getID())
              .thenApply(
                  g ->
                      LeaseGrantResponse.newBuilder()
                          .setHeader(headers.current())
                          .setID(g[0])
                          .setTTL(g[1])
                          .build());
        });
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest r, StreamObserver<LeaseRevokeResponse> out) {
    Replies.reply(
        out,
        () ->
            engine
                .leaseRevoke(r.getID())
                .thenApply(
                    rev ->
                        LeaseRevokeResponse.newBuilder().setHeader(headers.header(rev)).build()));
  }

  @Override
  public void leaseTimeToLive(
      LeaseTimeToLiveRequest r, StreamObserver<LeaseTimeToLiveResponse> out) {
    Replies.reply(
        out,
        () -> {
          Lease l = engine.lease(r.getID());
          LeaseTimeToLiveResponse.Builder b =
              LeaseTimeToLiveResponse.newBuilder().setHeader(headers.current()).setID(r.getID());
          if (l == null) {
            b.setTTL(-1);
          } else {
            b.setTTL(engine.remainingSeconds(l)).setGrantedTTL(l.ttlSeconds());
            if (r.getKeys()) {
              b.addAllKeys(engine.leaseKeys(l));
            }
          }
          return CompletableFuture.completedFuture(b.build());
        });
  }

  @Override
  public void leaseLeases(LeaseLeasesRequest r, StreamObserver<LeaseLeasesResponse> out) {
    Replies.reply(
        out,
        () -> {
          LeaseLeasesResponse.Builder b =
              LeaseLeasesResponse.newBuilder().setHeader(headers.current());
          engine.leaseIds().forEach(id -> b.addLeases(LeaseStatus.newBuilder().setID(id)));
          return CompletableFuture.completedFuture(b.build());
        });
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(
      StreamObserver<LeaseKeepAliveResponse> responses) {
    ServerCallStreamObserver<LeaseKeepAliveResponse> out =
        (ServerCallStreamObserver<LeaseKeepAliveResponse>) responses;
    return new StreamObserver<>() {
      private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
      private boolean done;

      @Override
      public void onNext(LeaseKeepAliveRequest req) {
        CompletableFuture<Long> ttl;
        try {
          ttl = engine.leaseKeepAlive(req.getID());
        } catch (RuntimeException e) {
          ttl = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Long> t = ttl;
        last =
            last.thenCombine(t, (a, v) -> v)
                .handle(
                    (v, err) -> {
                      synchronized (this) {
                        if (done) {
                          return null;
                        }
                        if (err != null) {
                          done = true;
                          out.onError(EtcdException.toStatus(err));
                        } else {
                          out.onNext(
                              LeaseKeepAliveResponse.newBuilder()
                                  .setHeader(headers.current())
                                  .setID(req.getID())
                                  .setTTL(v)
                                  .build());
                        }
                      }
                      return null;
                    });
      }

      @Override
      public void onError(Throwable t) {
        synchronized (this) {
          done = true;
        }
      }

      @Override
      public void onCompleted() {
        last.whenComplete(
            (v, t) -> {
              synchronized (this) {
                if (!done) {
                  done = true;
                  out.onCompleted();
                }
              }
            });
      }
    };
  }
}
