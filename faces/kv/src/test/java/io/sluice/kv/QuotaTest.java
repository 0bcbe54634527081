package io.sluice.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.kv.proto.etcdserverpb.AlarmRequest;
import io.sluice.kv.proto.etcdserverpb.AlarmType;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.storage.Clock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --quota-backend-bytes: the NOSPACE alarm, what it refuses, and recovery by compact + disarm. */
class QuotaTest {
  @TempDir Path dir;

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static void assertNoSpace(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("etcdserver: mvcc: database space exceeded");
            });
  }

  @Test
  void overTheQuotaWritesFailUntilCompactedAndDisarmed() {
    KvOptions options = KvOptions.builder().quotaBackendBytes(16 * 1024).build();
    try (KvFixture f = new KvFixture(dir, Clock.SYSTEM, options)) {
      ByteString value = ByteString.copyFrom(new byte[1024]);
      PutRequest put = PutRequest.newBuilder().setKey(b("k")).setValue(value).build();
      int accepted = 0;
      long lastRev = 0;
      while (true) {
        try {
          lastRev = f.kv.put(put).getHeader().getRevision();
          accepted++;
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          break;
        }
        assertThat(accepted).isLessThan(100);
      }
      assertThat(accepted).isBetween(10, 16);
      assertThat(f.maintenance.alarm(AlarmRequest.getDefaultInstance()).getAlarmsList())
          .extracting(a -> a.getAlarm())
          .containsExactly(AlarmType.NOSPACE);
      // the alarm refuses even a tiny put, a txn that puts, and a lease grant...
      assertNoSpace(
          () -> f.kv.put(PutRequest.newBuilder().setKey(b("tiny")).setValue(b("1")).build()));
      assertNoSpace(
          () ->
              f.kv.txn(
                  TxnRequest.newBuilder()
                      .addSuccess(
                          RequestOp.newBuilder()
                              .setRequestPut(
                                  PutRequest.newBuilder().setKey(b("t")).setValue(b("1"))))
                      .build()));
      assertNoSpace(() -> f.lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()));
      // ...while reads and deletes work
      assertThat(f.kv.range(RangeRequest.newBuilder().setKey(b("k")).build()).getCount())
          .isEqualTo(1);
      f.kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(b("other")).build());

      f.kv.compact(CompactionRequest.newBuilder().setRevision(lastRev).setPhysical(true).build());
      assertNoSpace(() -> f.kv.put(put)); // still alarmed until disarmed, as etcd
      f.maintenance.alarm(
          AlarmRequest.newBuilder()
              .setAction(AlarmRequest.AlarmAction.DEACTIVATE)
              .setMemberID(f.face.memberId())
              .setAlarm(AlarmType.NOSPACE)
              .build());
      assertThat(f.maintenance.alarm(AlarmRequest.getDefaultInstance()).getAlarmsList()).isEmpty();
      assertThat(f.kv.put(put).getHeader().getRevision()).isGreaterThan(lastRev);
    }
  }

  @Test
  void anIndexOutgrowingItsHeapRaisesNoSpaceBeforeTheHeapRunsOut() {
    // room for ~100 revisions of a 1-byte key in the index; the stored bytes stay far below the
    // 2 GiB quota, so only the memory measure can trip
    long memory = 100L * (io.sluice.kv.internal.mvcc.MvccIndex.INDEX_BYTES_PER_REVISION + 1);
    KvOptions options = KvOptions.builder().indexMemoryBytes(memory).build();
    assertThat(options.indexMemoryLimit()).isEqualTo(memory);
    try (KvFixture f = new KvFixture(dir, Clock.SYSTEM, options)) {
      PutRequest put = PutRequest.newBuilder().setKey(b("k")).setValue(b("v")).build();
      int accepted = 0;
      long lastRev = 0;
      while (true) {
        try {
          lastRev = f.kv.put(put).getHeader().getRevision();
          accepted++;
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("etcdserver: mvcc: database space exceeded");
          break;
        }
        assertThat(accepted).isLessThan(1_000);
      }
      assertThat(accepted).isBetween(90, 100);
      assertThat(f.maintenance.alarm(AlarmRequest.getDefaultInstance()).getAlarmsList())
          .extracting(a -> a.getAlarm())
          .containsExactly(AlarmType.NOSPACE);
      assertThat(f.kv.range(RangeRequest.newBuilder().setKey(b("k")).build()).getCount())
          .isEqualTo(1);
      // compaction frees the index; once disarmed, writes work again
      f.kv.compact(CompactionRequest.newBuilder().setRevision(lastRev).setPhysical(true).build());
      assertNoSpace(() -> f.kv.put(put));
      f.maintenance.alarm(
          AlarmRequest.newBuilder()
              .setAction(AlarmRequest.AlarmAction.DEACTIVATE)
              .setMemberID(f.face.memberId())
              .setAlarm(AlarmType.NOSPACE)
              .build());
      for (int i = 0; i < 50; i++) {
        assertThat(f.kv.put(put).getHeader().getRevision()).isGreaterThan(lastRev);
      }
    }
  }

  @Test
  void theIndexMemoryLimitDefaultsToHalfTheHeap() {
    assertThat(KvOptions.defaults().indexMemoryLimit())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 2);
    assertThat(KvOptions.builder().indexMemoryBytes(-1).build().indexMemoryLimit()).isNegative();
  }

  @Test
  void autoCompactionFlagsParseLikeEtcd() {
    assertThat(KvOptions.builder().autoCompaction("periodic", "0").build().autoCompactionMode())
        .isEqualTo(AutoCompactionMode.NONE);
    KvOptions hourly = KvOptions.builder().autoCompaction("periodic", "2").build();
    assertThat(hourly.autoCompactionMode()).isEqualTo(AutoCompactionMode.PERIODIC);
    assertThat(hourly.autoCompactionRetention()).isEqualTo(Duration.ofHours(2));
    assertThat(
            KvOptions.builder()
                .autoCompaction("periodic", "1h30m")
                .build()
                .autoCompactionRetention())
        .isEqualTo(Duration.ofMinutes(90));
    KvOptions revs = KvOptions.builder().autoCompaction("revision", "1000").build();
    assertThat(revs.autoCompactionMode()).isEqualTo(AutoCompactionMode.REVISION);
    assertThat(revs.autoCompactionRevisions()).isEqualTo(1000);
    assertThatThrownBy(() -> KvOptions.builder().autoCompaction("daily", "1"))
        .hasMessageContaining("'periodic' or 'revision'");
    assertThatThrownBy(() -> KvOptions.builder().autoCompaction("periodic", "1 day"))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> KvOptions.builder().autoCompaction("revision", "x"))
        .hasMessageContaining("number of revisions");
  }
}
