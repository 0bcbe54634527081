package io.sluice.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseRevokeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.v3electionpb.CampaignRequest;
import io.sluice.kv.proto.v3electionpb.CampaignResponse;
import io.sluice.kv.proto.v3electionpb.ElectionGrpc;
import io.sluice.kv.proto.v3electionpb.LeaderKey;
import io.sluice.kv.proto.v3electionpb.LeaderRequest;
import io.sluice.kv.proto.v3electionpb.LeaderResponse;
import io.sluice.kv.proto.v3electionpb.ProclaimRequest;
import io.sluice.kv.proto.v3electionpb.ResignRequest;
import io.sluice.kv.proto.v3lockpb.LockGrpc;
import io.sluice.kv.proto.v3lockpb.LockRequest;
import io.sluice.kv.proto.v3lockpb.LockResponse;
import io.sluice.kv.proto.v3lockpb.UnlockRequest;
import io.sluice.storage.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lock and Election services over gRPC: etcd's key layout, waiting, release and errors. */
class LockElectionTest {
  @TempDir Path dir;
  KvFixture f;
  LockGrpc.LockBlockingStub lock;
  ElectionGrpc.ElectionBlockingStub election;
  ElectionGrpc.ElectionStub electionAsync;
  ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeEach
  void start() {
    f = new KvFixture(dir, Clock.SYSTEM);
    lock = LockGrpc.newBlockingStub(f.channel);
    election = ElectionGrpc.newBlockingStub(f.channel);
    electionAsync = ElectionGrpc.newStub(f.channel);
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    f.close();
  }

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  long grant() {
    return f.lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).getID();
  }

  long count(ByteString key) {
    return f.kv.range(RangeRequest.newBuilder().setKey(key).build()).getCount();
  }

  CompletableFuture<LockResponse> lockAsync(String name, long lease) {
    return CompletableFuture.supplyAsync(
        () ->
            lock.withDeadlineAfter(30, TimeUnit.SECONDS)
                .lock(LockRequest.newBuilder().setName(b(name)).setLease(lease).build()),
        callers);
  }

  @Test
  void lockIsHeldByTheOldestKeyAndPassesOnInOrder() {
    long l1 = grant();
    long l2 = grant();
    long l3 = grant();
    LockResponse first =
        lock.lock(LockRequest.newBuilder().setName(b("mylock")).setLease(l1).build());
    assertThat(first.getKey()).isEqualTo(b("mylock/" + Long.toHexString(l1)));
    assertThat(first.getHeader().getRevision()).isPositive();
    assertThat(count(first.getKey())).isEqualTo(1);

    CompletableFuture<LockResponse> second = lockAsync("mylock", l2);
    Awaitility.await().until(() -> count(b("mylock/" + Long.toHexString(l2))) == 1);
    CompletableFuture<LockResponse> third = lockAsync("mylock", l3);
    Awaitility.await().until(() -> count(b("mylock/" + Long.toHexString(l3))) == 1);
    assertThat(second).isNotDone();
    assertThat(third).isNotDone();

    lock.unlock(UnlockRequest.newBuilder().setKey(first.getKey()).build());
    LockResponse got = second.join();
    assertThat(got.getKey()).isEqualTo(b("mylock/" + Long.toHexString(l2)));
    assertThat(third).isNotDone();

    // revoking the holder's lease releases the lock too
    f.lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(l2).build());
    assertThat(third.join().getKey()).isEqualTo(b("mylock/" + Long.toHexString(l3)));
  }

  @Test
  void lockingTwiceWithOneLeaseIsOneAcquisition() {
    long l1 = grant();
    LockResponse a = lock.lock(LockRequest.newBuilder().setName(b("twice")).setLease(l1).build());
    LockResponse b = lock.lock(LockRequest.newBuilder().setName(b("twice")).setLease(l1).build());
    assertThat(b.getKey()).isEqualTo(a.getKey());
  }

  @Test
  void aCancelledWaiterRemovesItsKey() throws Exception {
    long l1 = grant();
    long l2 = grant();
    lock.lock(LockRequest.newBuilder().setName(b("c")).setLease(l1).build());
    ByteString waiterKey = b("c/" + Long.toHexString(l2));
    Context.CancellableContext ctx = Context.current().withCancellation();
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    ctx.run(
        () ->
            LockGrpc.newStub(f.channel)
                .lock(
                    LockRequest.newBuilder().setName(b("c")).setLease(l2).build(),
                    new StreamObserver<>() {
                      @Override
                      public void onNext(LockResponse v) {}

                      @Override
                      public void onError(Throwable t) {
                        failed.complete(t);
                      }

                      @Override
                      public void onCompleted() {}
                    }));
    Awaitility.await().until(() -> count(waiterKey) == 1);
    ctx.cancel(null);
    assertThat(Status.fromThrowable(failed.get(10, TimeUnit.SECONDS)).getCode())
        .isEqualTo(Status.Code.CANCELLED);
    Awaitility.await().until(() -> count(waiterKey) == 0);
  }

  @Test
  void lockWithAnUnknownLeaseFailsAsEtcdDoes() {
    assertThatThrownBy(
            () -> lock.lock(LockRequest.newBuilder().setName(b("x")).setLease(12345).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("etcdserver: requested lease not found");
            });
  }

  @Test
  void electionCampaignProclaimObserveResign() {
    assertThatThrownBy(() -> election.leader(LeaderRequest.newBuilder().setName(b("e")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
              assertThat(e.getStatus().getDescription()).isEqualTo("election: no leader");
            });
    List<String> observed = new CopyOnWriteArrayList<>();
    Context.CancellableContext ctx = Context.current().withCancellation();
    ctx.run(
        () ->
            electionAsync.observe(
                LeaderRequest.newBuilder().setName(b("e")).build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(LeaderResponse r) {
                    observed.add(r.getKv().getValue().toStringUtf8());
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                }));
    long l1 = grant();
    long l2 = grant();
    CampaignResponse a =
        election.campaign(
            CampaignRequest.newBuilder().setName(b("e")).setLease(l1).setValue(b("a1")).build());
    LeaderKey leaderA = a.getLeader();
    assertThat(leaderA.getKey()).isEqualTo(b("e/" + Long.toHexString(l1)));
    assertThat(leaderA.getName()).isEqualTo(b("e"));
    assertThat(leaderA.getLease()).isEqualTo(l1);
    assertThat(leaderA.getRev()).isEqualTo(a.getHeader().getRevision());

    CompletableFuture<CampaignResponse> b =
        CompletableFuture.supplyAsync(
            () ->
                election.campaign(
                    CampaignRequest.newBuilder()
                        .setName(b("e"))
                        .setLease(l2)
                        .setValue(b("b1"))
                        .build()),
            callers);
    Awaitility.await().until(() -> count(b("e/" + Long.toHexString(l2))) == 1);
    election.proclaim(ProclaimRequest.newBuilder().setLeader(leaderA).setValue(b("a2")).build());
    assertThat(
            election.leader(LeaderRequest.newBuilder().setName(b("e")).build()).getKv().getValue())
        .isEqualTo(b("a2"));
    assertThat(b).isNotDone();

    election.resign(ResignRequest.newBuilder().setLeader(leaderA).build());
    CampaignResponse won = b.join();
    assertThat(won.getLeader().getKey()).isEqualTo(b("e/" + Long.toHexString(l2)));
    assertThatThrownBy(
            () ->
                election.proclaim(
                    ProclaimRequest.newBuilder().setLeader(leaderA).setValue(b("a3")).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).isEqualTo("election: not leader"));
    assertThatThrownBy(() -> election.resign(ResignRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getDescription())
                    .isEqualTo("\"leader\" field must be provided"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(observed).containsExactly("a1", "a2", "b1"));
    ctx.cancel(null);
  }
}
