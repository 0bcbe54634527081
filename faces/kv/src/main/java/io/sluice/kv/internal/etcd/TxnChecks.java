package io.sluice.kv.internal.etcd;

import com.google.protobuf.ByteString;
import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's request checks made before anything is applied (etcd 3.4 v3rpc/key.go): empty keys,
 * ignore_value/ignore_lease misuse, sort options, the txn operation limit and overlapping writes in
 * a txn. Also etcd's compare rule. Stateless and thread-safe.
 */
final class TxnChecks {
  private TxnChecks() {}

  static void checkRange(RangeRequest r) {
    if (r.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  static void checkPut(PutRequest p) {
    if (p.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
    if (p.getIgnoreValue() && !p.getValue().isEmpty()) {
      throw EtcdError.VALUE_PROVIDED.exception();
    }
    if (p.getIgnoreLease() && p.getLease() != 0) {
      throw EtcdError.LEASE_PROVIDED.exception();
    }
  }

  static void checkDelete(DeleteRangeRequest d) {
    if (d.getKey().isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  static void checkTxn(TxnRequest t, int maxTxnOps) {
    checkTxnOps(t, maxTxnOps);
    checkIntervals(t.getSuccessList());
    checkIntervals(t.getFailureList());
  }

  private static void checkTxnOps(TxnRequest t, int maxTxnOps) {
    int opc = Math.max(t.getCompareCount(), Math.max(t.getSuccessCount(), t.getFailureCount()));
    if (opc > maxTxnOps) {
      throw EtcdError.TOO_MANY_OPS.exception();
    }
    for (Compare c : t.getCompareList()) {
      if (c.getKey().isEmpty()) {
        throw EtcdError.EMPTY_KEY.exception();
      }
    }
    for (RequestOp op : t.getSuccessList()) {
      checkOp(op, maxTxnOps - opc);
    }
    for (RequestOp op : t.getFailureList()) {
      checkOp(op, maxTxnOps - opc);
    }
  }

  private static void checkOp(RequestOp op, int maxTxnOps) {
    switch (op.getRequestCase()) {
      case REQUEST_RANGE -> checkRange(op.getRequestRange());
      case REQUEST_PUT -> checkPut(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
      case REQUEST_TXN -> checkTxnOps(op.getRequestTxn(), maxTxnOps);
      default -> throw EtcdError.KEY_NOT_FOUND.exception();
    }
  }

  /** A half-open interval of keys, compared as etcd's string-affine intervals do. */
  private record Interval(ByteString begin, ByteString end) {
    boolean contains(ByteString k) {
      return MvccIndex.KEY_ORDER.compare(begin, k) <= 0 && MvccIndex.KEY_ORDER.compare(k, end) < 0;
    }

    static Interval point(ByteString k) {
      return new Interval(k, k.concat(ByteString.copyFrom(new byte[] {0})));
    }
  }

  private record Sets(Set<ByteString> puts, List<Interval> dels) {
    boolean deleted(ByteString k) {
      for (Interval i : dels) {
        if (i.contains(k)) {
          return true;
        }
      }
      return false;
    }
  }

  /** etcd's checkIntervals: no key is put twice, or both put and deleted, on one path. */
  private static Sets checkIntervals(List<RequestOp> reqs) {
    List<Interval> dels = new ArrayList<>();
    for (RequestOp op : reqs) {
      if (op.hasRequestDeleteRange()) {
        DeleteRangeRequest d = op.getRequestDeleteRange();
        dels.add(
            d.getRangeEnd().isEmpty()
                ? Interval.point(d.getKey())
                : new Interval(d.getKey(), d.getRangeEnd()));
      }
    }
    Sets here = new Sets(new HashSet<>(), dels);
    for (RequestOp op : reqs) {
      if (!op.hasRequestTxn()) {
        continue;
      }
      Sets then = checkIntervals(op.getRequestTxn().getSuccessList());
      Sets other = checkIntervals(op.getRequestTxn().getFailureList());
      for (ByteString k : then.puts()) {
        if (here.puts().contains(k) || here.deleted(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        here.puts().add(k);
      }
      for (ByteString k : other.puts()) {
        if (here.puts().contains(k) && !then.puts().contains(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        if (here.deleted(k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
        here.puts().add(k);
      }
      dels.addAll(then.dels());
      dels.addAll(other.dels());
    }
    for (RequestOp op : reqs) {
      if (!op.hasRequestPut()) {
        continue;
      }
      ByteString k = op.getRequestPut().getKey();
      if (here.puts().contains(k) || here.deleted(k)) {
        throw EtcdError.DUPLICATE_KEY.exception();
      }
      here.puts().add(k);
    }
    return here;
  }

  /** True when every operation on both branches, nested ones included, is a Range. */
  static boolean isReadOnly(TxnRequest t) {
    for (List<RequestOp> ops : List.of(t.getSuccessList(), t.getFailureList())) {
      for (RequestOp op : ops) {
        if (op.hasRequestPut() || op.hasRequestDeleteRange()) {
          return false;
        }
        if (op.hasRequestTxn() && !isReadOnly(op.getRequestTxn())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * etcd's compareKV: {@code kr} null stands for etcd's zero KeyValue (a missing key); {@code
   * value} is the key's value when the target is VALUE.
   */
  static boolean compareKv(Compare c, KeyRev kr, ByteString value) {
    int result =
        switch (c.getTarget()) {
          case VALUE -> {
            ByteString want =
                c.getTargetUnionCase() == Compare.TargetUnionCase.VALUE
                    ? c.getValue()
                    : ByteString.EMPTY;
            yield Integer.signum(
                MvccIndex.KEY_ORDER.compare(value == null ? ByteString.EMPTY : value, want));
          }
          case CREATE ->
              Long.compare(
                  kr == null ? 0 : kr.createRev(),
                  c.getTargetUnionCase() == Compare.TargetUnionCase.CREATE_REVISION
                      ? c.getCreateRevision()
                      : 0);
          case MOD ->
              Long.compare(
                  kr == null ? 0 : kr.modRev(),
                  c.getTargetUnionCase() == Compare.TargetUnionCase.MOD_REVISION
                      ? c.getModRevision()
                      : 0);
          case VERSION ->
              Long.compare(
                  kr == null ? 0 : kr.version(),
                  c.getTargetUnionCase() == Compare.TargetUnionCase.VERSION ? c.getVersion() : 0);
          case LEASE ->
              Long.compare(
                  kr == null ? 0 : kr.lease(),
                  c.getTargetUnionCase() == Compare.TargetUnionCase.LEASE ? c.getLease() : 0);
          default -> 0;
        };
    return switch (c.getResult()) {
      case EQUAL -> result == 0;
      case NOT_EQUAL -> result != 0;
      case GREATER -> result > 0;
      case LESS -> result < 0;
      default -> true;
    };
  }
}
