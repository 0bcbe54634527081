package io.sluice.kv.diff;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.AlarmRequest;
import io.sluice.kv.proto.etcdserverpb.CompactionRequest;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DefragmentRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.HashKVRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseGrantResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseKeepAliveRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseKeepAliveResponse;
import io.sluice.kv.proto.etcdserverpb.LeaseLeasesRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseRevokeRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveRequest;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.sluice.kv.proto.etcdserverpb.MemberListRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.StatusRequest;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.WatchCancelRequest;
import io.sluice.kv.proto.etcdserverpb.WatchCreateRequest;
import io.sluice.kv.proto.etcdserverpb.WatchProgressRequest;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.kv.proto.health.HealthCheckRequest;
import io.sluice.kv.proto.v3electionpb.CampaignRequest;
import io.sluice.kv.proto.v3electionpb.CampaignResponse;
import io.sluice.kv.proto.v3electionpb.LeaderKey;
import io.sluice.kv.proto.v3electionpb.LeaderRequest;
import io.sluice.kv.proto.v3electionpb.ProclaimRequest;
import io.sluice.kv.proto.v3electionpb.ResignRequest;
import io.sluice.kv.proto.v3lockpb.LockRequest;
import io.sluice.kv.proto.v3lockpb.LockResponse;
import io.sluice.kv.proto.v3lockpb.UnlockRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The differential cases. Each runs against one target with a key prefix of its own; what it
 * records must be the same for etcd and for Sluice.
 */
final class Cases {
  private Cases() {}

  /** One case body. */
  interface Body {
    void run(Target t, Recorder r, String p);
  }

  record Case(String name, Body body) {}

  static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  static void put(Target t, Recorder r, String k, String v) {
    r.call(
        "put " + k, () -> t.kv().put(PutRequest.newBuilder().setKey(b(k)).setValue(b(v)).build()));
  }

  static void get(Target t, Recorder r, RangeRequest.Builder q) {
    r.call(
        "range " + com.google.protobuf.TextFormat.shortDebugString(q.build()),
        () -> t.kv().range(q.build()));
  }

  static RequestOp opPut(String k, String v) {
    return RequestOp.newBuilder()
        .setRequestPut(PutRequest.newBuilder().setKey(b(k)).setValue(b(v)))
        .build();
  }

  static RequestOp opGet(String k) {
    return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(b(k))).build();
  }

  static RequestOp opDel(String k, String end) {
    DeleteRangeRequest.Builder d = DeleteRangeRequest.newBuilder().setKey(b(k));
    if (end != null) {
      d.setRangeEnd(b(end));
    }
    return RequestOp.newBuilder().setRequestDeleteRange(d).build();
  }

  static void txn(Target t, Recorder r, String label, TxnRequest.Builder q) {
    r.call("txn " + label, () -> t.kv().txn(q.build()));
  }

  static Compare cmp(String k, Compare.CompareTarget target, Compare.CompareResult res, Object v) {
    Compare.Builder c = Compare.newBuilder().setKey(b(k)).setTarget(target).setResult(res);
    switch (target) {
      case VERSION -> c.setVersion((Long) v);
      case CREATE -> c.setCreateRevision((Long) v);
      case MOD -> c.setModRevision((Long) v);
      case LEASE -> c.setLease((Long) v);
      case VALUE -> c.setValue(b((String) v));
      default -> {}
    }
    return c.build();
  }

  /** Six keys a..f with distinct versions, values and revisions. */
  static void dataset(Target t, Recorder r, String p) {
    String[] ks = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < ks.length; i++) {
      put(t, r, p + ks[i], "v" + (ks.length - i));
    }
    put(t, r, p + "b", "z1");
    put(t, r, p + "b", "z2");
    put(t, r, p + "e", "y1");
  }

  static List<Case> all() {
    List<Case> cs = new ArrayList<>();
    kvCases(cs);
    rangeMatrix(cs);
    deleteCases(cs);
    txnCases(cs);
    watchCases(cs);
    leaseCases(cs);
    maintenanceCases(cs);
    compactCases(cs);
    lockElectionCases(cs);
    return cs;
  }

  private static void kvCases(List<Case> cs) {
    cs.add(
        new Case(
            "put then get",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
    cs.add(
        new Case(
            "put twice bumps version",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              put(t, r, p + "k", "2");
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
    cs.add(
        new Case(
            "put prev_kv",
            (t, r, p) -> {
              r.call(
                  "put new",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setValue(b("1"))
                                  .setPrevKv(true)
                                  .build()));
              r.call(
                  "put again",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setValue(b("2"))
                                  .setPrevKv(true)
                                  .build()));
            }));
    cs.add(
        new Case(
            "put ignore_value",
            (t, r, p) -> {
              put(t, r, p + "k", "keep");
              r.call(
                  "put",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setIgnoreValue(true)
                                  .setPrevKv(true)
                                  .build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
    cs.add(
        new Case(
            "put ignore_value on missing key",
            (t, r, p) ->
                r.call(
                    "put",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setIgnoreValue(true)
                                    .build()))));
    cs.add(
        new Case(
            "put ignore_lease on missing key",
            (t, r, p) ->
                r.call(
                    "put",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setValue(b("x"))
                                    .setIgnoreLease(true)
                                    .build()))));
    cs.add(
        new Case(
            "put ignore_value with a value",
            (t, r, p) ->
                r.call(
                    "put",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setValue(b("x"))
                                    .setIgnoreValue(true)
                                    .build()))));
    cs.add(
        new Case(
            "put ignore_lease with a lease",
            (t, r, p) ->
                r.call(
                    "put",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setLease(5)
                                    .setIgnoreLease(true)
                                    .build()))));
    cs.add(
        new Case(
            "put empty key",
            (t, r, p) ->
                r.call("put", () -> t.kv().put(PutRequest.newBuilder().setValue(b("x")).build()))));
    cs.add(
        new Case(
            "put unknown lease",
            (t, r, p) ->
                r.call(
                    "put",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setLease(0x1234567L)
                                    .build()))));
    cs.add(
        new Case(
            "get missing",
            (t, r, p) -> get(t, r, RangeRequest.newBuilder().setKey(b(p + "none")))));
    cs.add(new Case("get empty key", (t, r, p) -> get(t, r, RangeRequest.newBuilder())));
    cs.add(
        new Case(
            "empty value",
            (t, r, p) -> {
              put(t, r, p + "k", "");
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
    cs.add(
        new Case(
            "binary keys and 0xff prefix",
            (t, r, p) -> {
              ByteString k1 = b(p).concat(ByteString.copyFrom(new byte[] {(byte) 0xff, 1}));
              ByteString k2 =
                  b(p).concat(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff}));
              ByteString k3 = b(p).concat(ByteString.copyFrom(new byte[] {0, 7}));
              for (ByteString k : List.of(k1, k2, k3)) {
                r.call(
                    "put", () -> t.kv().put(PutRequest.newBuilder().setKey(k).setValue(k).build()));
              }
              ByteString pre = b(p).concat(ByteString.copyFrom(new byte[] {(byte) 0xff}));
              ByteString end =
                  b(p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1));
              r.call(
                  "range ff",
                  () ->
                      t.kv().range(RangeRequest.newBuilder().setKey(pre).setRangeEnd(end).build()));
              r.call(
                  "range all",
                  () ->
                      t.kv()
                          .range(RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(end).build()));
            }));
    cs.add(
        new Case(
            "request too large",
            (t, r, p) ->
                r.call(
                    "put 1.6MB",
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + "k"))
                                    .setValue(ByteString.copyFrom(new byte[1600 * 1024]))
                                    .build()))));
    cs.add(
        new Case(
            "request over grpc limit",
            (t, r, p) -> {
              try {
                t.kv()
                    .put(
                        PutRequest.newBuilder()
                            .setKey(b(p + "k"))
                            .setValue(ByteString.copyFrom(new byte[2100 * 1024]))
                            .build());
                r.note("put 2.1MB -> ok");
              } catch (StatusRuntimeException e) {
                r.note("put 2.1MB -> " + e.getStatus().getCode());
              }
            }));
    cs.add(
        new Case(
            "put with lease and ignore_lease keeps it",
            (t, r, p) -> {
              LeaseGrantResponse g =
                  r.call(
                      "grant",
                      () ->
                          t.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(100).build()));
              r.call(
                  "put",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setValue(b("1"))
                                  .setLease(g.getID())
                                  .build()));
              r.call(
                  "put",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setValue(b("2"))
                                  .setIgnoreLease(true)
                                  .build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
              r.call(
                  "put no lease",
                  () ->
                      t.kv()
                          .put(
                              PutRequest.newBuilder().setKey(b(p + "k")).setValue(b("3")).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
              r.call(
                  "revoke",
                  () ->
                      t.lease()
                          .leaseRevoke(LeaseRevokeRequest.newBuilder().setID(g.getID()).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
  }

  private static void rangeMatrix(List<Case> cs) {
    cs.add(
        new Case(
            "range prefix",
            (t, r, p) -> {
              dataset(t, r, p);
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "range from-key",
            (t, r, p) -> {
              dataset(t, r, p);
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "c")).setRangeEnd(ZERO));
            }));
    cs.add(
        new Case(
            "range end before key",
            (t, r, p) -> {
              dataset(t, r, p);
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "d")).setRangeEnd(b(p + "b")));
            }));
    cs.add(
        new Case(
            "range half-open",
            (t, r, p) -> {
              dataset(t, r, p);
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "b")).setRangeEnd(b(p + "d")));
            }));
    for (int limit : new int[] {1, 3, 6, 10}) {
      cs.add(
          new Case(
              "range limit " + limit,
              (t, r, p) -> {
                dataset(t, r, p);
                get(
                    t,
                    r,
                    RangeRequest.newBuilder()
                        .setKey(b(p))
                        .setRangeEnd(b(prefixEnd(p)))
                        .setLimit(limit));
              }));
    }
    for (RangeRequest.SortTarget st :
        new RangeRequest.SortTarget[] {
          RangeRequest.SortTarget.KEY,
          RangeRequest.SortTarget.VERSION,
          RangeRequest.SortTarget.CREATE,
          RangeRequest.SortTarget.MOD,
          RangeRequest.SortTarget.VALUE
        }) {
      for (RangeRequest.SortOrder so :
          new RangeRequest.SortOrder[] {
            RangeRequest.SortOrder.NONE,
            RangeRequest.SortOrder.ASCEND,
            RangeRequest.SortOrder.DESCEND
          }) {
        cs.add(
            new Case(
                "range sort " + st + " " + so,
                (t, r, p) -> {
                  dataset(t, r, p);
                  get(
                      t,
                      r,
                      RangeRequest.newBuilder()
                          .setKey(b(p))
                          .setRangeEnd(b(prefixEnd(p)))
                          .setSortTarget(st)
                          .setSortOrder(so)
                          .setKeysOnly(true));
                  get(
                      t,
                      r,
                      RangeRequest.newBuilder()
                          .setKey(b(p))
                          .setRangeEnd(b(prefixEnd(p)))
                          .setSortTarget(st)
                          .setSortOrder(so)
                          .setLimit(2));
                }));
      }
    }
    cs.add(
        new Case(
            "range keys_only",
            (t, r, p) -> {
              dataset(t, r, p);
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setKeysOnly(true));
            }));
    cs.add(
        new Case(
            "range count_only",
            (t, r, p) -> {
              dataset(t, r, p);
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setCountOnly(true));
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setCountOnly(true)
                      .setLimit(2));
            }));
    cs.add(
        new Case(
            "range serializable",
            (t, r, p) -> {
              dataset(t, r, p);
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "b")).setSerializable(true));
            }));
    cs.add(
        new Case(
            "range mod revision filters",
            (t, r, p) -> {
              dataset(t, r, p);
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setMinModRevision(r.base + 3));
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setMaxModRevision(r.base + 4));
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setMinModRevision(r.base + 2)
                      .setMaxModRevision(r.base + 5)
                      .setLimit(1));
            }));
    cs.add(
        new Case(
            "range create revision filters",
            (t, r, p) -> {
              dataset(t, r, p);
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setMinCreateRevision(r.base + 3));
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setMaxCreateRevision(r.base + 2));
            }));
    cs.add(
        new Case(
            "range at past revisions",
            (t, r, p) -> {
              dataset(t, r, p);
              for (int i = 1; i <= 9; i += 2) {
                long rev = r.base + i;
                get(
                    t,
                    r,
                    RangeRequest.newBuilder()
                        .setKey(b(p))
                        .setRangeEnd(b(prefixEnd(p)))
                        .setRevision(rev));
              }
            }));
    cs.add(
        new Case(
            "range future revision",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")).setRevision(r.base + 50));
            }));
    cs.add(
        new Case(
            "range invalid sort order",
            (t, r, p) ->
                get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")).setSortOrderValue(7))));
  }

  static String prefixEnd(String p) {
    return p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1);
  }

  private static void deleteCases(List<Case> cs) {
    cs.add(
        new Case(
            "delete single",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              r.call(
                  "del",
                  () ->
                      t.kv()
                          .deleteRange(DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
    cs.add(
        new Case(
            "delete missing keeps revision",
            (t, r, p) ->
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "none")).build()))));
    cs.add(
        new Case(
            "delete prefix prev_kv",
            (t, r, p) -> {
              dataset(t, r, p);
              r.call(
                  "del",
                  () ->
                      t.kv()
                          .deleteRange(
                              DeleteRangeRequest.newBuilder()
                                  .setKey(b(p + "b"))
                                  .setRangeEnd(b(p + "e"))
                                  .setPrevKv(true)
                                  .build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "delete from-key",
            (t, r, p) -> {
              dataset(t, r, p);
              r.call(
                  "del",
                  () ->
                      t.kv()
                          .deleteRange(
                              DeleteRangeRequest.newBuilder()
                                  .setKey(b(p + "d"))
                                  .setRangeEnd(ZERO)
                                  .build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "delete empty key",
            (t, r, p) ->
                r.call("del", () -> t.kv().deleteRange(DeleteRangeRequest.newBuilder().build()))));
    cs.add(
        new Case(
            "delete then recreate",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              put(t, r, p + "k", "2");
              r.call(
                  "del",
                  () ->
                      t.kv()
                          .deleteRange(
                              DeleteRangeRequest.newBuilder()
                                  .setKey(b(p + "k"))
                                  .setPrevKv(true)
                                  .build()));
              put(t, r, p + "k", "3");
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
            }));
  }

  private static void txnCases(List<Case> cs) {
    for (Compare.CompareTarget target :
        new Compare.CompareTarget[] {
          Compare.CompareTarget.VERSION,
          Compare.CompareTarget.CREATE,
          Compare.CompareTarget.MOD,
          Compare.CompareTarget.VALUE,
          Compare.CompareTarget.LEASE
        }) {
      cs.add(
          new Case(
              "txn compare " + target,
              (t, r, p) -> {
                put(t, r, p + "k", "m");
                put(t, r, p + "k", "m");
                for (Compare.CompareResult res :
                    new Compare.CompareResult[] {
                      Compare.CompareResult.EQUAL, Compare.CompareResult.GREATER,
                      Compare.CompareResult.LESS, Compare.CompareResult.NOT_EQUAL
                    }) {
                  for (Object v : compareValues(target, r.base)) {
                    txn(
                        t,
                        r,
                        target + " " + res + " " + v,
                        TxnRequest.newBuilder()
                            .addCompare(cmp(p + "k", target, res, v))
                            .addSuccess(opGet(p + "k")));
                  }
                }
              }));
      cs.add(
          new Case(
              "txn compare missing key " + target,
              (t, r, p) -> {
                for (Compare.CompareResult res :
                    new Compare.CompareResult[] {
                      Compare.CompareResult.EQUAL,
                      Compare.CompareResult.NOT_EQUAL,
                      Compare.CompareResult.LESS
                    }) {
                  Object v = target == Compare.CompareTarget.VALUE ? "" : 0L;
                  txn(
                      t,
                      r,
                      target + " " + res,
                      TxnRequest.newBuilder().addCompare(cmp(p + "missing", target, res, v)));
                }
              }));
    }
    cs.add(
        new Case(
            "txn compare over a range",
            (t, r, p) -> {
              dataset(t, r, p);
              Compare c =
                  cmp(p + "a", Compare.CompareTarget.VERSION, Compare.CompareResult.GREATER, 0L)
                      .toBuilder()
                      .setRangeEnd(b(prefixEnd(p)))
                      .build();
              txn(
                  t,
                  r,
                  "all exist",
                  TxnRequest.newBuilder().addCompare(c).addSuccess(opGet(p + "a")));
              Compare c2 =
                  cmp(p + "a", Compare.CompareTarget.VERSION, Compare.CompareResult.EQUAL, 1L)
                      .toBuilder()
                      .setRangeEnd(b(prefixEnd(p)))
                      .build();
              txn(
                  t,
                  r,
                  "not all version 1",
                  TxnRequest.newBuilder().addCompare(c2).addFailure(opGet(p + "b")));
              Compare c3 =
                  cmp(p + "a", Compare.CompareTarget.MOD, Compare.CompareResult.GREATER, 0L)
                      .toBuilder()
                      .setRangeEnd(ZERO)
                      .build();
              txn(t, r, "from-key", TxnRequest.newBuilder().addCompare(c3));
            }));
    cs.add(
        new Case(
            "txn success and failure branches",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              Compare eq1 =
                  cmp(p + "k", Compare.CompareTarget.VALUE, Compare.CompareResult.EQUAL, "1");
              txn(
                  t,
                  r,
                  "then",
                  TxnRequest.newBuilder()
                      .addCompare(eq1)
                      .addSuccess(opPut(p + "k", "2"))
                      .addSuccess(opPut(p + "j", "x"))
                      .addSuccess(opGet(p + "k"))
                      .addFailure(opDel(p + "k", null)));
              txn(
                  t,
                  r,
                  "else",
                  TxnRequest.newBuilder()
                      .addCompare(eq1)
                      .addSuccess(opPut(p + "k", "3"))
                      .addFailure(opDel(p + "k", null))
                      .addFailure(opGet(p + "k")));
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "txn nested",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              TxnRequest inner =
                  TxnRequest.newBuilder()
                      .addCompare(
                          cmp(
                              p + "k",
                              Compare.CompareTarget.VALUE,
                              Compare.CompareResult.EQUAL,
                              "1"))
                      .addSuccess(opPut(p + "in", "yes"))
                      .addSuccess(opGet(p + "k"))
                      .addFailure(opPut(p + "in", "no"))
                      .build();
              TxnRequest inner2 =
                  TxnRequest.newBuilder()
                      .addCompare(
                          cmp(
                              p + "zz",
                              Compare.CompareTarget.VERSION,
                              Compare.CompareResult.GREATER,
                              0L))
                      .addFailure(opGet(p + "in"))
                      .build();
              txn(
                  t,
                  r,
                  "nested",
                  TxnRequest.newBuilder()
                      .addSuccess(opPut(p + "k", "2"))
                      .addSuccess(RequestOp.newBuilder().setRequestTxn(inner))
                      .addSuccess(RequestOp.newBuilder().setRequestTxn(inner2))
                      .addSuccess(opGet(p + "k")));
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "txn duplicate put",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "dup",
                    TxnRequest.newBuilder()
                        .addSuccess(opPut(p + "k", "1"))
                        .addSuccess(opPut(p + "k", "2")))));
    cs.add(
        new Case(
            "txn put and delete same key",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "dup",
                    TxnRequest.newBuilder()
                        .addSuccess(opPut(p + "k", "1"))
                        .addSuccess(opDel(p + "a", p + "z")))));
    cs.add(
        new Case(
            "txn overlapping deletes allowed",
            (t, r, p) -> {
              dataset(t, r, p);
              txn(
                  t,
                  r,
                  "dels",
                  TxnRequest.newBuilder()
                      .addSuccess(opDel(p + "a", p + "d"))
                      .addSuccess(opDel(p + "b", p + "f")));
            }));
    cs.add(
        new Case(
            "txn nested duplicate",
            (t, r, p) -> {
              TxnRequest inner = TxnRequest.newBuilder().addSuccess(opPut(p + "k", "i")).build();
              txn(
                  t,
                  r,
                  "dup",
                  TxnRequest.newBuilder()
                      .addSuccess(opPut(p + "k", "o"))
                      .addSuccess(RequestOp.newBuilder().setRequestTxn(inner)));
            }));
    cs.add(
        new Case(
            "txn nested then and else same key allowed",
            (t, r, p) -> {
              TxnRequest inner =
                  TxnRequest.newBuilder()
                      .addSuccess(opPut(p + "k", "then"))
                      .addFailure(opPut(p + "k", "else"))
                      .build();
              txn(
                  t,
                  r,
                  "ok",
                  TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestTxn(inner)));
            }));
    cs.add(
        new Case(
            "txn 129 ops",
            (t, r, p) -> {
              TxnRequest.Builder q = TxnRequest.newBuilder();
              for (int i = 0; i < 129; i++) {
                q.addSuccess(opPut(p + i, "v"));
              }
              txn(t, r, "129", q);
            }));
    cs.add(
        new Case(
            "txn 128 ops",
            (t, r, p) -> {
              TxnRequest.Builder q = TxnRequest.newBuilder();
              for (int i = 0; i < 128; i++) {
                q.addSuccess(opPut(p + String.format("%03d", i), "v"));
              }
              r.call(
                  "txn 128",
                  () -> {
                    var resp = t.kv().txn(q.build());
                    return resp.toBuilder().clearResponses().build();
                  });
              get(
                  t,
                  r,
                  RangeRequest.newBuilder()
                      .setKey(b(p))
                      .setRangeEnd(b(prefixEnd(p)))
                      .setCountOnly(true));
            }));
    cs.add(
        new Case(
            "txn 129 compares",
            (t, r, p) -> {
              TxnRequest.Builder q = TxnRequest.newBuilder();
              for (int i = 0; i < 129; i++) {
                q.addCompare(
                    cmp(p + i, Compare.CompareTarget.VERSION, Compare.CompareResult.EQUAL, 0L));
              }
              txn(t, r, "129c", q);
            }));
    cs.add(
        new Case(
            "txn read-only",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              txn(
                  t,
                  r,
                  "ro",
                  TxnRequest.newBuilder().addSuccess(opGet(p + "k")).addSuccess(opGet(p + "none")));
            }));
    cs.add(new Case("txn empty", (t, r, p) -> txn(t, r, "empty", TxnRequest.newBuilder())));
    cs.add(
        new Case(
            "txn delete missing only",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "del",
                    TxnRequest.newBuilder()
                        .addSuccess(opDel(p + "none", null))
                        .addSuccess(opGet(p + "none")))));
    cs.add(
        new Case(
            "txn range after put sees it",
            (t, r, p) -> {
              put(t, r, p + "a", "1");
              txn(
                  t,
                  r,
                  "rw",
                  TxnRequest.newBuilder()
                      .addSuccess(opGet(p + "a"))
                      .addSuccess(opPut(p + "a", "2"))
                      .addSuccess(opGet(p + "a"))
                      .addSuccess(opDel(p + "a", null))
                      .addSuccess(opGet(p + "a")));
            }));
    cs.add(
        new Case(
            "txn range future revision",
            (t, r, p) -> {
              put(t, r, p + "a", "1");
              txn(
                  t,
                  r,
                  "future",
                  TxnRequest.newBuilder()
                      .addSuccess(opPut(p + "b", "1"))
                      .addSuccess(
                          RequestOp.newBuilder()
                              .setRequestRange(
                                  RangeRequest.newBuilder()
                                      .setKey(b(p + "a"))
                                      .setRevision(r.base + 40))));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "b")));
            }));
    cs.add(
        new Case(
            "txn unknown lease",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "lease",
                    TxnRequest.newBuilder()
                        .addSuccess(
                            RequestOp.newBuilder()
                                .setRequestPut(
                                    PutRequest.newBuilder().setKey(b(p + "k")).setLease(77))))));
    cs.add(
        new Case(
            "txn ignore_value on missing key",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "iv",
                    TxnRequest.newBuilder()
                        .addSuccess(
                            RequestOp.newBuilder()
                                .setRequestPut(
                                    PutRequest.newBuilder()
                                        .setKey(b(p + "k"))
                                        .setIgnoreValue(true))))));
    cs.add(
        new Case(
            "txn empty compare key",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "ck",
                    TxnRequest.newBuilder()
                        .addCompare(
                            Compare.newBuilder().setTarget(Compare.CompareTarget.VERSION)))));
    cs.add(
        new Case(
            "txn empty op",
            (t, r, p) ->
                txn(t, r, "op", TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()))));
    cs.add(
        new Case(
            "txn empty key in op",
            (t, r, p) ->
                txn(
                    t,
                    r,
                    "op",
                    TxnRequest.newBuilder()
                        .addSuccess(
                            RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder())))));
    cs.add(
        new Case(
            "txn put prev_kv and delete prev_kv",
            (t, r, p) -> {
              put(t, r, p + "a", "1");
              put(t, r, p + "b", "2");
              txn(
                  t,
                  r,
                  "prev",
                  TxnRequest.newBuilder()
                      .addSuccess(
                          RequestOp.newBuilder()
                              .setRequestPut(
                                  PutRequest.newBuilder()
                                      .setKey(b(p + "a"))
                                      .setValue(b("x"))
                                      .setPrevKv(true)))
                      .addSuccess(
                          RequestOp.newBuilder()
                              .setRequestDeleteRange(
                                  DeleteRangeRequest.newBuilder()
                                      .setKey(b(p + "b"))
                                      .setPrevKv(true))));
            }));
  }

  static List<Object> compareValues(Compare.CompareTarget target, long base) {
    return switch (target) {
      case VERSION -> List.of(1L, 2L, 3L);
      case CREATE -> List.of(base, base + 1, base + 2);
      case MOD -> List.of(base + 1, base + 2, base + 3);
      case VALUE -> List.of("a", "m", "z");
      case LEASE -> List.of(0L, 1L);
      default -> List.of();
    };
  }

  // ------------------------------------------------------------------ watch

  static WatchRequest create(WatchCreateRequest.Builder c) {
    return WatchRequest.newBuilder().setCreateRequest(c).build();
  }

  /** Records responses until {@code events} events have arrived (or a response times out). */
  static void events(Recorder r, Target.WatchSession w, int events) {
    int seen = 0;
    while (seen < events) {
      WatchResponse resp = w.next(5000);
      r.watch(resp);
      if (resp == null) {
        return;
      }
      seen += resp.getEventsCount();
    }
  }

  private static void watchCases(List<Case> cs) {
    cs.add(
        new Case(
            "watch key",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "k"))));
                r.watch(w.next(5000));
                put(t, r, p + "k", "1");
                put(t, r, p + "other", "1");
                put(t, r, p + "k", "2");
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
                events(r, w, 3);
              }
            }));
    cs.add(
        new Case(
            "watch prefix",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p)))));
                r.watch(w.next(5000));
                dataset(t, r, p);
                events(r, w, 9);
              }
            }));
    cs.add(
        new Case(
            "watch from-key",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(WatchCreateRequest.newBuilder().setKey(b(p + "c")).setRangeEnd(ZERO)));
                r.watch(w.next(5000));
                dataset(t, r, p);
                events(r, w, 5);
              }
            }));
    cs.add(
        new Case(
            "watch many on one stream",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                for (String k : List.of("a", "b", "c")) {
                  w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + k))));
                }
                for (int i = 0; i < 3; i++) {
                  r.watch(w.next(5000));
                }
                put(t, r, p + "c", "1");
                events(r, w, 1);
                put(t, r, p + "a", "1");
                events(r, w, 1);
              }
            }));
    cs.add(
        new Case(
            "watch replay from revision",
            (t, r, p) -> {
              dataset(t, r, p);
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p))
                            .setRangeEnd(b(prefixEnd(p)))
                            .setStartRevision(r.base + 4)));
                r.watch(w.next(5000));
                events(r, w, 6);
              }
            }));
    cs.add(
        new Case(
            "watch prev_kv",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "k")).setPrevKv(true)));
                r.watch(w.next(5000));
                put(t, r, p + "k", "1");
                put(t, r, p + "k", "2");
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
                events(r, w, 3);
              }
            }));
    cs.add(
        new Case(
            "watch filter NOPUT",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p + "k"))
                            .addFilters(WatchCreateRequest.FilterType.NOPUT)));
                r.watch(w.next(5000));
                put(t, r, p + "k", "1");
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
                events(r, w, 1);
              }
            }));
    cs.add(
        new Case(
            "watch filter NODELETE",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p + "k"))
                            .addFilters(WatchCreateRequest.FilterType.NODELETE)));
                r.watch(w.next(5000));
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
                put(t, r, p + "k", "1");
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder().setKey(b(p + "k")).build()));
                put(t, r, p + "k", "2");
                events(r, w, 2);
              }
            }));
    cs.add(
        new Case(
            "watch cancel",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "k"))));
                r.watch(w.next(5000));
                w.send(
                    WatchRequest.newBuilder()
                        .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(0))
                        .build());
                r.watch(w.next(5000));
                put(t, r, p + "k", "1");
                w.send(
                    WatchRequest.newBuilder()
                        .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                        .build());
                r.watch(w.next(5000));
              }
            }));
    cs.add(
        new Case(
            "watch cancel unknown id",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    WatchRequest.newBuilder()
                        .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(42))
                        .build());
                w.send(
                    WatchRequest.newBuilder()
                        .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                        .build());
                r.watch(w.next(5000));
              }
            }));
    cs.add(
        new Case(
            "watch progress request",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    WatchRequest.newBuilder()
                        .setProgressRequest(WatchProgressRequest.getDefaultInstance())
                        .build());
                r.watch(w.next(5000));
              }
            }));
    cs.add(
        new Case(
            "watch txn events in one revision",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p)))));
                r.watch(w.next(5000));
                txn(
                    t,
                    r,
                    "two puts",
                    TxnRequest.newBuilder()
                        .addSuccess(opPut(p + "a", "1"))
                        .addSuccess(opPut(p + "b", "2")));
                WatchResponse resp = w.next(5000);
                r.note("events in first response: " + (resp == null ? -1 : resp.getEventsCount()));
                r.watch(resp);
                r.call(
                    "del",
                    () ->
                        t.kv()
                            .deleteRange(
                                DeleteRangeRequest.newBuilder()
                                    .setKey(b(p))
                                    .setRangeEnd(b(prefixEnd(p)))
                                    .build()));
                resp = w.next(5000);
                r.note("events in delete response: " + (resp == null ? -1 : resp.getEventsCount()));
                r.watch(resp);
              }
            }));
    cs.add(
        new Case(
            "watch explicit id and duplicate",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "k")).setWatchId(7)));
                r.watch(w.next(5000));
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "j")).setWatchId(7)));
                r.watch(w.next(5000));
                w.send(create(WatchCreateRequest.newBuilder().setKey(b(p + "i"))));
                r.watch(w.next(5000));
                put(t, r, p + "k", "1");
                events(r, w, 1);
              }
            }));
    cs.add(
        new Case(
            "watch empty range",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p + "z"))
                            .setRangeEnd(b(p + "a"))));
                r.watch(w.next(5000));
              }
            }));
    cs.add(
        new Case(
            "watch fragment small",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p))
                            .setRangeEnd(b(prefixEnd(p)))
                            .setFragment(true)));
                r.watch(w.next(5000));
                put(t, r, p + "a", "1");
                events(r, w, 1);
              }
            }));
    cs.add(
        new Case(
            "watch fragment large",
            (t, r, p) -> {
              TxnRequest.Builder q = TxnRequest.newBuilder();
              for (int i = 0; i < 4; i++) {
                q.addSuccess(
                    RequestOp.newBuilder()
                        .setRequestPut(
                            PutRequest.newBuilder()
                                .setKey(b(p + i))
                                .setValue(ByteString.copyFrom(new byte[300 * 1024]))));
              }
              r.call("txn", () -> t.kv().txn(q.build()).toBuilder().clearResponses().build());
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p))
                            .setRangeEnd(b(prefixEnd(p)))
                            .setFragment(true)
                            .setStartRevision(r.base + 1)));
                r.watch(w.next(5000));
                WatchResponse a = w.next(5000);
                WatchResponse c = w.next(5000);
                for (WatchResponse x : new WatchResponse[] {a, c}) {
                  r.note(
                      x == null
                          ? "none"
                          : "fragment=" + x.getFragment() + " events=" + x.getEventsCount());
                }
              }
            }));
    cs.add(
        new Case(
            "watch all keys from now",
            (t, r, p) -> {
              try (Target.WatchSession w = t.watch()) {
                w.send(create(WatchCreateRequest.newBuilder().setRangeEnd(ZERO)));
                r.watch(w.next(5000));
                put(t, r, p + "x", "1");
                events(r, w, 1);
              }
            }));
  }

  // ------------------------------------------------------------------ lease

  private static long grant(Target t, Recorder r, long ttl) {
    LeaseGrantResponse g =
        r.call(
            "grant " + ttl,
            () -> t.lease().leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttl).build()));
    return g == null ? 0 : g.getID();
  }

  static void ttl(Target t, Recorder r, long id, boolean keys) {
    r.call(
        "ttl",
        () -> {
          LeaseTimeToLiveResponse x =
              t.lease()
                  .leaseTimeToLive(
                      LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(keys).build());
          long slack = x.getGrantedTTL() - x.getTTL();
          return x.getTTL() > 0 && slack >= 0 && slack <= 2
              ? x.toBuilder().setTTL(x.getGrantedTTL()).build()
              : x;
        });
  }

  private static void leaseCases(List<Case> cs) {
    cs.add(
        new Case(
            "lease grant and revoke",
            (t, r, p) -> {
              long id = grant(t, r, 60);
              ttl(t, r, id, false);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
              ttl(t, r, id, false);
            }));
    cs.add(
        new Case(
            "lease minimum TTL",
            (t, r, p) -> {
              long id = grant(t, r, 1);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
              long id0 = grant(t, r, 0);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id0).build()));
            }));
    cs.add(
        new Case(
            "lease explicit id and exists",
            (t, r, p) -> {
              r.call(
                  "grant id",
                  () ->
                      t.lease()
                          .leaseGrant(
                              LeaseGrantRequest.newBuilder().setTTL(30).setID(0x5151L).build()));
              r.call(
                  "grant id again",
                  () ->
                      t.lease()
                          .leaseGrant(
                              LeaseGrantRequest.newBuilder().setTTL(30).setID(0x5151L).build()));
              r.call(
                  "revoke",
                  () ->
                      t.lease()
                          .leaseRevoke(LeaseRevokeRequest.newBuilder().setID(0x5151L).build()));
            }));
    cs.add(
        new Case(
            "lease TTL too large",
            (t, r, p) ->
                r.call(
                    "grant",
                    () ->
                        t.lease()
                            .leaseGrant(
                                LeaseGrantRequest.newBuilder().setTTL(9_000_000_001L).build()))));
    cs.add(
        new Case(
            "lease revoke unknown",
            (t, r, p) ->
                r.call(
                    "revoke",
                    () ->
                        t.lease()
                            .leaseRevoke(
                                LeaseRevokeRequest.newBuilder().setID(0x777777L).build()))));
    cs.add(new Case("lease time-to-live unknown", (t, r, p) -> ttl(t, r, 0x777778L, true)));
    cs.add(
        new Case(
            "lease keys deleted on revoke",
            (t, r, p) -> {
              long id = grant(t, r, 60);
              for (String k : List.of("a", "b", "c")) {
                r.call(
                    "put " + k,
                    () ->
                        t.kv()
                            .put(
                                PutRequest.newBuilder()
                                    .setKey(b(p + k))
                                    .setValue(b(k))
                                    .setLease(id)
                                    .build()));
              }
              ttl(t, r, id, true);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p)).setRangeEnd(b(prefixEnd(p))));
            }));
    cs.add(
        new Case(
            "lease revoke without keys keeps revision",
            (t, r, p) -> {
              long id = grant(t, r, 60);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
            }));
    cs.add(
        new Case(
            "lease keys detached by delete and re-put",
            (t, r, p) -> {
              long id = grant(t, r, 60);
              r.call(
                  "put a",
                  () ->
                      t.kv().put(PutRequest.newBuilder().setKey(b(p + "a")).setLease(id).build()));
              r.call(
                  "put b",
                  () ->
                      t.kv().put(PutRequest.newBuilder().setKey(b(p + "b")).setLease(id).build()));
              r.call(
                  "del a",
                  () ->
                      t.kv()
                          .deleteRange(DeleteRangeRequest.newBuilder().setKey(b(p + "a")).build()));
              r.call(
                  "put b no lease",
                  () -> t.kv().put(PutRequest.newBuilder().setKey(b(p + "b")).build()));
              ttl(t, r, id, true);
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
            }));
    cs.add(
        new Case(
            "lease keep-alive",
            (t, r, p) -> {
              long id = grant(t, r, 30);
              List<LeaseKeepAliveResponse> got = keepAlive(t, List.of(id, 0x999999L, id));
              for (LeaseKeepAliveResponse x : got) {
                r.note(
                    "keepalive -> "
                        + com.google.protobuf.TextFormat.shortDebugString(r.normalize(x)));
              }
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build()));
            }));
    cs.add(
        new Case(
            "lease leases",
            (t, r, p) -> {
              long a = grant(t, r, 40);
              long c = grant(t, r, 40);
              r.call(
                  "leases",
                  () -> {
                    var l = t.lease().leaseLeases(LeaseLeasesRequest.getDefaultInstance());
                    var sorted = new ArrayList<>(l.getLeasesList());
                    sorted.sort(
                        (x, y) -> Long.compare(x.getID() == a ? 0 : 1, y.getID() == a ? 0 : 1));
                    return l.toBuilder().clearLeases().addAllLeases(sorted).build();
                  });
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(a).build()));
              r.call(
                  "revoke",
                  () -> t.lease().leaseRevoke(LeaseRevokeRequest.newBuilder().setID(c).build()));
              r.call(
                  "leases", () -> t.lease().leaseLeases(LeaseLeasesRequest.getDefaultInstance()));
            }));
  }

  static List<LeaseKeepAliveResponse> keepAlive(Target t, List<Long> ids) {
    List<LeaseKeepAliveResponse> got = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<LeaseKeepAliveRequest> req =
        t.leaseAsync()
            .leaseKeepAlive(
                new StreamObserver<>() {
                  @Override
                  public void onNext(LeaseKeepAliveResponse v) {
                    synchronized (got) {
                      got.add(v);
                      if (got.size() == ids.size()) {
                        done.complete(null);
                      }
                    }
                  }

                  @Override
                  public void onError(Throwable e) {
                    done.completeExceptionally(e);
                  }

                  @Override
                  public void onCompleted() {
                    done.complete(null);
                  }
                });
    for (long id : ids) {
      req.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build());
    }
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("keep-alive stream", e);
    }
    req.onCompleted();
    synchronized (got) {
      return List.copyOf(got);
    }
  }

  // ------------------------------------------------------------------ maintenance, cluster

  private static void lockElectionCases(List<Case> cs) {
    cs.add(
        new Case(
            "lock uncontended, again with the same lease, unlock",
            (t, r, p) -> {
              long id = grant(t, r, 60);
              LockRequest lr = LockRequest.newBuilder().setName(b(p + "lk")).setLease(id).build();
              LockResponse l = r.call("lock", () -> t.lock().lock(lr));
              r.call("lock again", () -> t.lock().lock(lr));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "lk/")).setRangeEnd(b(p + "lk0")));
              r.call(
                  "unlock",
                  () -> t.lock().unlock(UnlockRequest.newBuilder().setKey(l.getKey()).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "lk/")).setRangeEnd(b(p + "lk0")));
            }));
    cs.add(
        new Case(
            "lock errors",
            (t, r, p) -> {
              r.call(
                  "lock unknown lease",
                  () ->
                      t.lock()
                          .lock(LockRequest.newBuilder().setName(b(p + "x")).setLease(99).build()));
              r.call("unlock empty key", () -> t.lock().unlock(UnlockRequest.getDefaultInstance()));
              r.call(
                  "unlock missing key",
                  () -> t.lock().unlock(UnlockRequest.newBuilder().setKey(b(p + "x/1")).build()));
            }));
    cs.add(
        new Case(
            "election campaign, leader, proclaim, resign",
            (t, r, p) -> {
              LeaderRequest name = LeaderRequest.newBuilder().setName(b(p + "el")).build();
              r.call("leader before", () -> t.election().leader(name));
              long id = grant(t, r, 60);
              CampaignResponse c =
                  r.call(
                      "campaign",
                      () ->
                          t.election()
                              .campaign(
                                  CampaignRequest.newBuilder()
                                      .setName(b(p + "el"))
                                      .setLease(id)
                                      .setValue(b("v1"))
                                      .build()));
              r.call("leader", () -> t.election().leader(name));
              r.call(
                  "campaign again same lease other value",
                  () ->
                      t.election()
                          .campaign(
                              CampaignRequest.newBuilder()
                                  .setName(b(p + "el"))
                                  .setLease(id)
                                  .setValue(b("v2"))
                                  .build()));
              r.call("leader after", () -> t.election().leader(name));
              LeaderKey k = c.getLeader();
              r.call(
                  "proclaim",
                  () ->
                      t.election()
                          .proclaim(
                              ProclaimRequest.newBuilder().setLeader(k).setValue(b("v3")).build()));
              r.call(
                  "proclaim stale rev",
                  () ->
                      t.election()
                          .proclaim(
                              ProclaimRequest.newBuilder()
                                  .setLeader(k.toBuilder().setRev(k.getRev() - 1))
                                  .setValue(b("v4"))
                                  .build()));
              r.call(
                  "proclaim no leader",
                  () -> t.election().proclaim(ProclaimRequest.getDefaultInstance()));
              r.call(
                  "resign",
                  () -> t.election().resign(ResignRequest.newBuilder().setLeader(k).build()));
              r.call(
                  "resign again",
                  () -> t.election().resign(ResignRequest.newBuilder().setLeader(k).build()));
              r.call(
                  "resign no leader",
                  () -> t.election().resign(ResignRequest.getDefaultInstance()));
              r.call("leader gone", () -> t.election().leader(name));
            }));
  }

  private static void maintenanceCases(List<Case> cs) {
    cs.add(
        new Case(
            "status",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              r.call("status", () -> t.maintenance().status(StatusRequest.getDefaultInstance()));
            }));
    cs.add(
        new Case(
            "alarm list",
            (t, r, p) ->
                r.call(
                    "alarm",
                    () ->
                        t.maintenance()
                            .alarm(
                                AlarmRequest.newBuilder()
                                    .setAction(AlarmRequest.AlarmAction.GET)
                                    .build()))));
    cs.add(
        new Case(
            "hashkv current",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              r.call("hashkv", () -> t.maintenance().hashKV(HashKVRequest.newBuilder().build()));
            }));
    cs.add(
        new Case(
            "hashkv future",
            (t, r, p) ->
                r.call(
                    "hashkv",
                    () ->
                        t.maintenance()
                            .hashKV(
                                HashKVRequest.newBuilder().setRevision(r.base + 100).build()))));
    cs.add(
        new Case(
            "defragment",
            (t, r, p) ->
                r.call(
                    "defrag",
                    () -> t.maintenance().defragment(DefragmentRequest.getDefaultInstance()))));
    cs.add(
        new Case(
            "member list",
            (t, r, p) ->
                r.call(
                    "members",
                    () -> t.cluster().memberList(MemberListRequest.getDefaultInstance()))));
    cs.add(
        new Case(
            "health",
            (t, r, p) -> {
              r.call("health", () -> t.health().check(HealthCheckRequest.getDefaultInstance()));
              r.call(
                  "health unknown",
                  () ->
                      t.health().check(HealthCheckRequest.newBuilder().setService("nope").build()));
            }));
    cs.add(
        new Case(
            "snapshot streams",
            (t, r, p) -> {
              put(t, r, p + "k", "v");
              var it =
                  t.maintenance()
                      .snapshot(
                          io.sluice.kv.proto.etcdserverpb.SnapshotRequest.getDefaultInstance());
              long total = 0;
              long lastRemaining = -1;
              while (it.hasNext()) {
                var s = it.next();
                total += s.getBlob().size();
                lastRemaining = s.getRemainingBytes();
              }
              r.note("snapshot nonempty=" + (total > 0) + " lastRemaining=" + lastRemaining);
            }));
  }

  private static void compactCases(List<Case> cs) {
    cs.add(
        new Case(
            "compaction",
            (t, r, p) -> {
              for (int i = 0; i < 5; i++) {
                put(t, r, p + "k", "v" + i);
              }
              long at = r.base + 3;
              r.call(
                  "compact",
                  () -> t.kv().compact(CompactionRequest.newBuilder().setRevision(at).build()));
              r.call(
                  "compact again",
                  () -> t.kv().compact(CompactionRequest.newBuilder().setRevision(at).build()));
              r.call(
                  "compact older",
                  () -> t.kv().compact(CompactionRequest.newBuilder().setRevision(at - 1).build()));
              r.call(
                  "compact future",
                  () ->
                      t.kv()
                          .compact(
                              CompactionRequest.newBuilder().setRevision(r.base + 100).build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")).setRevision(at - 1));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")).setRevision(at));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")));
              r.call(
                  "hashkv compacted",
                  () ->
                      t.maintenance()
                          .hashKV(HashKVRequest.newBuilder().setRevision(at - 1).build()));
              r.call(
                  "hashkv at compact",
                  () -> t.maintenance().hashKV(HashKVRequest.newBuilder().setRevision(at).build()));
              txn(
                  t,
                  r,
                  "range compacted",
                  TxnRequest.newBuilder()
                      .addSuccess(
                          RequestOp.newBuilder()
                              .setRequestRange(
                                  RangeRequest.newBuilder()
                                      .setKey(b(p + "k"))
                                      .setRevision(at - 1))));
            }));
    cs.add(
        new Case(
            "compaction physical",
            (t, r, p) -> {
              put(t, r, p + "k", "1");
              put(t, r, p + "k", "2");
              r.call(
                  "compact",
                  () ->
                      t.kv()
                          .compact(
                              CompactionRequest.newBuilder()
                                  .setRevision(r.base + 1)
                                  .setPhysical(true)
                                  .build()));
              get(t, r, RangeRequest.newBuilder().setKey(b(p + "k")).setRevision(r.base + 1));
            }));
    cs.add(
        new Case(
            "watch from compacted revision",
            (t, r, p) -> {
              for (int i = 0; i < 4; i++) {
                put(t, r, p + "k", "v" + i);
              }
              r.call(
                  "compact",
                  () ->
                      t.kv()
                          .compact(CompactionRequest.newBuilder().setRevision(r.base + 3).build()));
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p + "k"))
                            .setStartRevision(r.base + 2)));
                r.watch(w.next(5000));
                r.watch(w.next(5000));
              }
              try (Target.WatchSession w = t.watch()) {
                w.send(
                    create(
                        WatchCreateRequest.newBuilder()
                            .setKey(b(p + "k"))
                            .setStartRevision(r.base + 3)
                            .setPrevKv(true)));
                r.watch(w.next(5000));
                events(r, w, 2);
              }
            }));
  }
}
