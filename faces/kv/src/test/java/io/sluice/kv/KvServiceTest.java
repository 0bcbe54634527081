package io.sluice.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.storage.Clock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvServiceTest {
  @TempDir Path dir;
  KvFixture f;

  @BeforeEach
  void start() {
    f = new KvFixture(dir, Clock.SYSTEM);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  PutResponse put(String k, String v) {
    return f.kv.put(PutRequest.newBuilder().setKey(b(k)).setValue(b(v)).build());
  }

  RangeResponse get(RangeRequest.Builder r) {
    return f.kv.range(r.build());
  }

  @Test
  void revisionsFollowEtcd() {
    assertThat(get(RangeRequest.newBuilder().setKey(b("a"))).getHeader().getRevision())
        .isEqualTo(1);
    assertThat(put("a", "1").getHeader().getRevision()).isEqualTo(2);
    assertThat(put("a", "2").getHeader().getRevision()).isEqualTo(3);
    RangeResponse r = get(RangeRequest.newBuilder().setKey(b("a")));
    assertThat(r.getKvs(0).getCreateRevision()).isEqualTo(2);
    assertThat(r.getKvs(0).getModRevision()).isEqualTo(3);
    assertThat(r.getKvs(0).getVersion()).isEqualTo(2);
    assertThat(r.getKvs(0).getValue()).isEqualTo(b("2"));
    // delete of a missing key does not bump the revision
    assertThat(
            f.kv
                .deleteRange(DeleteRangeRequest.newBuilder().setKey(b("zz")).build())
                .getHeader()
                .getRevision())
        .isEqualTo(3);
    assertThat(
            f.kv
                .deleteRange(DeleteRangeRequest.newBuilder().setKey(b("a")).setPrevKv(true).build())
                .getPrevKvs(0)
                .getValue())
        .isEqualTo(b("2"));
    put("a", "3");
    r = get(RangeRequest.newBuilder().setKey(b("a")));
    assertThat(r.getKvs(0).getVersion()).isEqualTo(1);
    assertThat(r.getKvs(0).getCreateRevision()).isEqualTo(5);
    // history stays readable
    assertThat(get(RangeRequest.newBuilder().setKey(b("a")).setRevision(2)).getKvs(0).getValue())
        .isEqualTo(b("1"));
    assertThat(get(RangeRequest.newBuilder().setKey(b("a")).setRevision(4)).getKvsCount()).isZero();
  }

  @Test
  void rangesLimitsAndSorting() {
    for (String k : new String[] {"k1", "k2", "k3", "k4", "k5"}) {
      put(k, "v" + (6 - k.charAt(1) + '0'));
    }
    RangeResponse r = get(RangeRequest.newBuilder().setKey(b("k")).setRangeEnd(b("l")).setLimit(2));
    assertThat(r.getKvsCount()).isEqualTo(2);
    assertThat(r.getCount()).isEqualTo(5);
    assertThat(r.getMore()).isTrue();
    r =
        get(
            RangeRequest.newBuilder()
                .setKey(b("k"))
                .setRangeEnd(b("l"))
                .setSortTarget(RangeRequest.SortTarget.VALUE));
    assertThat(r.getKvs(0).getKey()).isEqualTo(b("k5"));
    r =
        get(
            RangeRequest.newBuilder()
                .setKey(b("k"))
                .setRangeEnd(b("l"))
                .setSortOrder(RangeRequest.SortOrder.DESCEND)
                .setLimit(1));
    assertThat(r.getKvs(0).getKey()).isEqualTo(b("k5"));
    assertThat(r.getMore()).isTrue();
    r =
        get(
            RangeRequest.newBuilder()
                .setKey(b("k3"))
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})));
    assertThat(r.getCount()).isEqualTo(3);
    r =
        get(
            RangeRequest.newBuilder()
                .setKey(ByteString.copyFrom(new byte[] {0}))
                .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                .setCountOnly(true));
    assertThat(r.getCount()).isEqualTo(5);
    assertThat(r.getKvsCount()).isZero();
    r = get(RangeRequest.newBuilder().setKey(b("k")).setRangeEnd(b("l")).setKeysOnly(true));
    assertThat(r.getKvs(0).getValue()).isEmpty();
    r =
        get(
            RangeRequest.newBuilder()
                .setKey(b("k"))
                .setRangeEnd(b("l"))
                .setMinModRevision(3)
                .setMaxModRevision(4));
    assertThat(r.getKvsList())
        .extracting(kv -> kv.getKey().toStringUtf8())
        .containsExactly("k2", "k3");
  }

  @Test
  void errorsAreEtcds() {
    assertError(
        () -> f.kv.put(PutRequest.newBuilder().setValue(b("x")).build()),
        Status.Code.INVALID_ARGUMENT,
        "etcdserver: key is not provided");
    assertError(
        () -> f.kv.put(PutRequest.newBuilder().setKey(b("nope")).setIgnoreValue(true).build()),
        Status.Code.INVALID_ARGUMENT,
        "etcdserver: key not found");
    assertError(
        () -> f.kv.put(PutRequest.newBuilder().setKey(b("a")).setLease(12345).build()),
        Status.Code.NOT_FOUND,
        "etcdserver: requested lease not found");
    assertError(
        () -> get(RangeRequest.newBuilder().setKey(b("a")).setRevision(100)),
        Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision is a future revision");
    TxnRequest.Builder many = TxnRequest.newBuilder();
    for (int i = 0; i < 129; i++) {
      many.addSuccess(
          RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("k" + i))));
    }
    assertError(
        () -> f.kv.txn(many.build()),
        Status.Code.INVALID_ARGUMENT,
        "etcdserver: too many operations in txn request");
    RequestOp putA =
        RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(b("a"))).build();
    assertError(
        () -> f.kv.txn(TxnRequest.newBuilder().addSuccess(putA).addSuccess(putA).build()),
        Status.Code.INVALID_ARGUMENT,
        "etcdserver: duplicate key given in txn request");
    assertError(
        () ->
            f.kv.put(
                PutRequest.newBuilder()
                    .setKey(b("big"))
                    .setValue(ByteString.copyFrom(new byte[1536 * 1024 + 10]))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "etcdserver: request is too large");
  }

  @Test
  void compaction() {
    for (int i = 0; i < 9; i++) {
      put("c", "v" + i);
    }
    f.kv.compact(CompactionRequest.newBuilder().setRevision(8).setPhysical(true).build());
    assertError(
        () -> f.kv.compact(CompactionRequest.newBuilder().setRevision(8).build()),
        Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision has been compacted");
    assertError(
        () -> f.kv.compact(CompactionRequest.newBuilder().setRevision(100).build()),
        Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision is a future revision");
    assertError(
        () -> get(RangeRequest.newBuilder().setKey(b("c")).setRevision(7)),
        Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision has been compacted");
    assertThat(get(RangeRequest.newBuilder().setKey(b("c")).setRevision(8)).getKvs(0).getValue())
        .isEqualTo(b("v6"));
    f.restart();
    assertError(
        () -> get(RangeRequest.newBuilder().setKey(b("c")).setRevision(7)),
        Status.Code.OUT_OF_RANGE,
        "etcdserver: mvcc: required revision has been compacted");
    assertThat(get(RangeRequest.newBuilder().setKey(b("c")).setRevision(8)).getKvs(0).getValue())
        .isEqualTo(b("v6"));
    assertThat(get(RangeRequest.newBuilder().setKey(b("c"))).getKvs(0).getValue())
        .isEqualTo(b("v8"));
  }

  @Test
  void txnComparesAndNesting() {
    put("x", "1");
    Compare missingVersion =
        Compare.newBuilder()
            .setKey(b("missing"))
            .setTarget(Compare.CompareTarget.VERSION)
            .setResult(Compare.CompareResult.EQUAL)
            .setVersion(0)
            .build();
    Compare missingValue =
        Compare.newBuilder()
            .setKey(b("missing"))
            .setTarget(Compare.CompareTarget.VALUE)
            .setResult(Compare.CompareResult.NOT_EQUAL)
            .setValue(b("z"))
            .build();
    TxnResponse t =
        f.kv.txn(
            TxnRequest.newBuilder()
                .addCompare(missingVersion)
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestPut(PutRequest.newBuilder().setKey(b("y")).setValue(b("2"))))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestPut(PutRequest.newBuilder().setKey(b("z")).setValue(b("3"))))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestRange(RangeRequest.newBuilder().setKey(b("y"))))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestTxn(
                            TxnRequest.newBuilder()
                                .addCompare(missingValue)
                                .addFailure(
                                    RequestOp.newBuilder()
                                        .setRequestDeleteRange(
                                            DeleteRangeRequest.newBuilder().setKey(b("x"))))))
                .build());
    assertThat(t.getSucceeded()).isTrue();
    assertThat(t.getHeader().getRevision()).isEqualTo(3);
    assertThat(t.getResponses(2).getResponseRange().getKvs(0).getValue()).isEqualTo(b("2"));
    assertThat(t.getResponses(3).getResponseTxn().getSucceeded()).isFalse();
    assertThat(
            t.getResponses(3)
                .getResponseTxn()
                .getResponses(0)
                .getResponseDeleteRange()
                .getDeleted())
        .isEqualTo(1);
    assertThat(get(RangeRequest.newBuilder().setKey(b("y"))).getKvs(0).getModRevision())
        .isEqualTo(3);
    assertThat(get(RangeRequest.newBuilder().setKey(b("z"))).getKvs(0).getModRevision())
        .isEqualTo(3);
    // read-only txn does not bump the revision
    TxnResponse ro =
        f.kv.txn(
            TxnRequest.newBuilder()
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestRange(RangeRequest.newBuilder().setKey(b("z"))))
                .build());
    assertThat(ro.getHeader().getRevision()).isEqualTo(3);
  }

  @Test
  void survivesRestart() {
    for (int i = 0; i < 50; i++) {
      put("r" + i, "v" + i);
    }
    f.kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(b("r1")).build());
    f.restart();
    RangeResponse r = get(RangeRequest.newBuilder().setKey(b("r")).setRangeEnd(b("s")));
    assertThat(r.getCount()).isEqualTo(49);
    assertThat(r.getHeader().getRevision()).isEqualTo(52);
    assertThat(put("r1", "again").getHeader().getRevision()).isEqualTo(53);
    assertThat(get(RangeRequest.newBuilder().setKey(b("r7")).setRevision(9)).getKvs(0).getValue())
        .isEqualTo(b("v7"));
  }

  static void assertError(Runnable r, Status.Code code, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(message);
            });
  }
}
