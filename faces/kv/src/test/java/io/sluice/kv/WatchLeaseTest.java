package io.sluice.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.WatchCreateRequest;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.storage.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases driven by a manual clock (expiry, restart with remaining time) and watch behaviour. */
class WatchLeaseTest {
  @TempDir Path dir;
  ManualClock clock;
  KvFixture f;

  @BeforeEach
  void start() {
    clock = new ManualClock(1_700_000_000_000L);
    f = new KvFixture(dir, clock);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  long count(String key) {
    return f.kv.range(RangeRequest.newBuilder().setKey(b(key)).build()).getCount();
  }

  @Test
  void expiryDeletesAttachedKeysAtOneRevision() {
    long id = f.lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(5).build()).getID();
    f.kv.put(PutRequest.newBuilder().setKey(b("a")).setValue(b("1")).setLease(id).build());
    long rev =
        f.kv
            .put(PutRequest.newBuilder().setKey(b("b")).setValue(b("2")).setLease(id).build())
            .getHeader()
            .getRevision();
    clock.advance(Duration.ofSeconds(4));
    f.face.checkLeases();
    assertThat(count("a")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    f.face.checkLeases();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("a") + count("b") == 0);
    assertThat(f.face.revision()).isEqualTo(rev + 1);
    assertThat(
            f.lease.leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id).build()).getTTL())
        .isEqualTo(-1);
  }

  @Test
  void leaseSurvivesRestartWithRemainingTime() {
    long id = f.lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(100).build()).getID();
    f.kv.put(PutRequest.newBuilder().setKey(b("k")).setValue(b("v")).setLease(id).build());
    clock.advance(Duration.ofSeconds(30));
    f.restart();
    var ttl =
        f.lease.leaseTimeToLive(
            LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(true).build());
    assertThat(ttl.getTTL()).isEqualTo(70);
    assertThat(ttl.getGrantedTTL()).isEqualTo(100);
    assertThat(ttl.getKeysList()).containsExactly(b("k"));
    clock.advance(Duration.ofSeconds(71));
    f.face.checkLeases();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count("k") == 0);
  }

  List<WatchResponse> watch(WatchCreateRequest.Builder c) {
    List<WatchResponse> got = new CopyOnWriteArrayList<>();
    StreamObserver<WatchRequest> req =
        f.watch.watch(
            new StreamObserver<>() {
              @Override
              public void onNext(WatchResponse v) {
                got.add(v);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    req.onNext(WatchRequest.newBuilder().setCreateRequest(c).build());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
    return got;
  }

  @Test
  void progressNotifyOnQuietWatchers() {
    List<WatchResponse> got =
        watch(WatchCreateRequest.newBuilder().setKey(b("p")).setProgressNotify(true));
    f.kv.put(PutRequest.newBuilder().setKey(b("other")).setValue(b("x")).build());
    // A tick notifies only watchers that have caught up with the put's revision, which the watch
    // hub reaches on its own thread after the put's reply; the node ticks periodically, so tick
    // until the notification comes.
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              f.face.progressTick();
              return got.size() >= 2;
            });
    WatchResponse progress = got.get(1);
    assertThat(progress.getEventsCount()).isZero();
    assertThat(progress.getWatchId()).isZero();
    assertThat(progress.getHeader().getRevision()).isEqualTo(f.face.revision());
  }

  @Test
  void oneResponsePerRevisionAndReplayAcrossRestart() {
    for (int i = 0; i < 20; i++) {
      f.kv.put(PutRequest.newBuilder().setKey(b("w" + (i % 3))).setValue(b("v" + i)).build());
    }
    f.kv.txn(
        TxnRequest.newBuilder()
            .addSuccess(
                RequestOp.newBuilder()
                    .setRequestPut(PutRequest.newBuilder().setKey(b("w0")).setValue(b("t0"))))
            .addSuccess(
                RequestOp.newBuilder()
                    .setRequestPut(PutRequest.newBuilder().setKey(b("w1")).setValue(b("t1"))))
            .build());
    f.restart();
    List<WatchResponse> got =
        watch(
            WatchCreateRequest.newBuilder()
                .setKey(b("w"))
                .setRangeEnd(b("x"))
                .setStartRevision(2)
                .setPrevKv(true));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> got.stream().mapToInt(WatchResponse::getEventsCount).sum() == 22);
    long last = 0;
    int withPrev = 0;
    for (WatchResponse r : got) {
      for (var e : r.getEventsList()) {
        assertThat(e.getKv().getModRevision()).isGreaterThanOrEqualTo(last);
        last = e.getKv().getModRevision();
        withPrev += e.hasPrevKv() ? 1 : 0;
      }
    }
    assertThat(last).isEqualTo(22);
    assertThat(withPrev).isEqualTo(19);
  }

  @Test
  void compactionCancelsWatchBehindIt() {
    for (int i = 0; i < 10; i++) {
      f.kv.put(PutRequest.newBuilder().setKey(b("c")).setValue(b("v" + i)).build());
    }
    f.kv.compact(CompactionRequest.newBuilder().setRevision(8).build());
    List<WatchResponse> got =
        watch(WatchCreateRequest.newBuilder().setKey(b("c")).setStartRevision(5));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
    assertThat(got.get(1).getCanceled()).isTrue();
    assertThat(got.get(1).getCompactRevision()).isEqualTo(8);
  }
}
