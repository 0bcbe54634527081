package io.sluice.kv.internal.concurrency;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.kv.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The KV engine as clientv3's concurrency package sees it: blocking Range, Txn and DeleteRange
 * calls and etcd's {@code waitDeletes}, each giving up when the caller's gRPC call is cancelled.
 * Runs on virtual threads only (it blocks). Thread-safe (stateless over the engine).
 */
final class KvClient {
  /** A change seen while waiting: a put or a delete of one key, with its value for puts. */
  record Change(KeyValue kv, boolean deleted, long revision) {}

  /** The changes found, and the durable revision the scan reached (the next starts after it). */
  record Scan(List<Change> changes, long through) {}

  private final KvEngine engine;
  private final Headers headers;

  KvClient(KvEngine engine, Headers headers) {
    this.engine = engine;
    this.headers = headers;
  }

  Headers headers() {
    return headers;
  }

  KvEngine engine() {
    return engine;
  }

  RangeResponse range(RangeRequest r, CompletableFuture<Void> cancelled) {
    RangeResponse resp = await(engine.range(r), cancelled);
    return resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build();
  }

  TxnResponse txn(TxnRequest t, CompletableFuture<Void> cancelled) {
    TxnResponse resp = await(engine.txn(t), cancelled);
    return resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build();
  }

  DeleteRangeResponse delete(ByteString key, CompletableFuture<Void> cancelled) {
    DeleteRangeResponse resp =
        await(engine.deleteRange(DeleteRangeRequest.newBuilder().setKey(key).build()), cancelled);
    return resp.toBuilder().setHeader(headers.fill(resp.getHeader())).build();
  }

  /** clientv3's {@code Compare(CreateRevision(key), "=", rev)}. */
  static Compare createRevIs(ByteString key, long rev) {
    return Compare.newBuilder()
        .setKey(key)
        .setTarget(Compare.CompareTarget.CREATE)
        .setResult(Compare.CompareResult.EQUAL)
        .setCreateRevision(rev)
        .build();
  }

  /** clientv3's {@code GetPrefixRangeEnd}: the first key after every key starting with prefix. */
  static ByteString prefixEnd(ByteString prefix) {
    byte[] end = prefix.toByteArray();
    for (int i = end.length - 1; i >= 0; i--) {
      if ((end[i] & 0xff) < 0xff) {
        end[i]++;
        return ByteString.copyFrom(end, 0, i + 1);
      }
    }
    return MvccIndex.FROM_KEY;
  }

  /** {@code Get(prefix, WithFirstCreate())} (ascending) or {@code WithLastCreate()}. */
  static RangeRequest.Builder byCreate(ByteString prefix, boolean first) {
    return RangeRequest.newBuilder()
        .setKey(prefix)
        .setRangeEnd(prefixEnd(prefix))
        .setSortTarget(RangeRequest.SortTarget.CREATE)
        .setSortOrder(first ? RangeRequest.SortOrder.ASCEND : RangeRequest.SortOrder.DESCEND)
        .setLimit(1);
  }

  /**
   * etcd's {@code waitDeletes}: waits until no key under {@code prefix} with a create revision at
   * or below {@code maxCreateRev} is left, watching the newest such key's deletion each round.
   *
   * @return the header of the last (empty) Get
   */
  ResponseHeader waitDeletes(ByteString prefix, long maxCreateRev, CompletableFuture<Void> cancel) {
    while (true) {
      RangeResponse r =
          range(byCreate(prefix, false).setMaxCreateRevision(maxCreateRev).build(), cancel);
      if (r.getKvsCount() == 0) {
        return r.getHeader();
      }
      waitDelete(r.getKvs(0).getKey(), r.getHeader().getRevision(), cancel);
    }
  }

  /** etcd's {@code waitDelete}: waits for a delete event of {@code key} at or after {@code rev}. */
  void waitDelete(ByteString key, long rev, CompletableFuture<Void> cancelled) {
    long from = rev;
    while (true) {
      Scan scan = changes(key, ByteString.EMPTY, from);
      for (Change c : scan.changes()) {
        if (c.deleted()) {
          return;
        }
      }
      from = Math.max(from, scan.through() + 1);
      await(engine.whenDurable(from), cancelled);
    }
  }

  /**
   * The changes of the keys in [key, end) (etcd range conventions) at durable revisions from {@code
   * from} on, in revision order. Past a compaction only the current state can be told: a single key
   * that is gone shows as one delete.
   */
  Scan changes(ByteString key, ByteString end, long from) {
    long durable = engine.durableRev();
    List<KeyRev> puts = new ArrayList<>();
    List<Change> out = new ArrayList<>();
    List<Object> order = new ArrayList<>();
    engine.read(
        index -> {
          if (from > durable) {
            return null;
          }
          if (from < index.compactRev()) {
            if (end.isEmpty() && index.get(key, durable) == null) {
              order.add(new Change(KeyValue.newBuilder().setKey(key).build(), true, durable));
            }
            return null;
          }
          index.forEachChange(
              from,
              durable,
              kr -> {
                if (MvccIndex.inRange(kr.key(), key, end)) {
                  order.add(kr);
                  if (!kr.tombstone()) {
                    puts.add(kr);
                  }
                }
              });
          return null;
        });
    List<ByteString> values = puts.isEmpty() ? List.of() : join(engine.storage().values(puts));
    int vi = 0;
    for (Object o : order) {
      if (o instanceof Change c) {
        out.add(c);
      } else {
        KeyRev kr = (KeyRev) o;
        if (kr.tombstone()) {
          out.add(
              new Change(
                  KeyValue.newBuilder().setKey(kr.key()).setModRevision(kr.modRev()).build(),
                  true,
                  kr.modRev()));
        } else {
          out.add(new Change(KvEngine.toKv(kr, values.get(vi++)), false, kr.modRev()));
        }
      }
    }
    return new Scan(out, durable);
  }

  /** Waits for {@code f}, or fails with CANCELLED as soon as {@code cancelled} completes. */
  static <T> T await(CompletableFuture<T> f, CompletableFuture<Void> cancelled) {
    if (cancelled != null) {
      CompletableFuture.anyOf(f, cancelled).handle((v, t) -> null).join();
      if (!f.isDone()) {
        throw Status.CANCELLED.withDescription("context canceled").asRuntimeException();
      }
    }
    return join(f);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new CompletionException(c);
    } catch (CancellationException e) {
      throw Status.CANCELLED.withDescription("context canceled").asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("context canceled").asRuntimeException();
    }
  }
}
