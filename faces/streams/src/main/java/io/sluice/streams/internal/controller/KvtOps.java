package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.KvtRecord;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.SegmentRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Key-value tables: a table is {@code partitionCount} table segments {@code
 * scope/<kvt>_kvtable/<n>.#epoch.0}; the client hashes keys to partitions. Thread-safe (every
 * method holds the controller's monitor).
 */
public final class KvtOps {
  private final ControllerContext ctx;

  KvtOps(ControllerContext ctx) {
    this.ctx = ctx;
  }

  private static String key(String scope, String kvt) {
    return "kvt/" + scope + "/" + kvt;
  }

  public Outcome create(
      String scope, String kvt, int partitions, int pkLength, int skLength, long rollover) {
    if (!Names.validUserName(kvt)
        || partitions <= 0
        || partitions > 10_000
        || pkLength <= 0
        || skLength < 0) {
      return Outcome.INVALID_NAME;
    }
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.SCOPE_NOT_FOUND;
      }
      if (ctx.meta.get(key(scope, kvt)) != null) {
        return Outcome.EXISTS;
      }
      KvtRecord r =
          new KvtRecord(
              scope,
              kvt,
              UUID.randomUUID(),
              partitions,
              pkLength,
              skLength,
              rollover,
              ctx.clock.currentTimeMillis());
      for (int i = 0; i < partitions; i++) {
        ctx.createTable(partitionName(scope, kvt, i));
      }
      ctx.meta.put(key(scope, kvt), r.encode());
      return Outcome.SUCCESS;
    }
  }

  static String partitionName(String scope, String kvt, int partition) {
    return Names.segment(scope, kvt + Names.KVT_SUFFIX, SegmentRecord.id(0, partition));
  }

  public KvtRecord get(String scope, String kvt) {
    synchronized (ctx.lock) {
      byte[] b = ctx.meta.get(key(scope, kvt));
      return b == null ? null : KvtRecord.decode(ByteBuffer.wrap(b));
    }
  }

  /** The partitions as segments with equal key ranges, or null when the table does not exist. */
  public List<SegmentRecord> segments(String scope, String kvt) {
    KvtRecord r = get(scope, kvt);
    if (r == null) {
      return null;
    }
    List<SegmentRecord> out = new ArrayList<>();
    int n = r.partitionCount();
    for (int i = 0; i < n; i++) {
      double end = i == n - 1 ? 1.0 : (double) (i + 1) / n;
      out.add(new SegmentRecord(SegmentRecord.id(0, i), (double) i / n, end, r.creationTime(), -1));
    }
    return out;
  }

  /** Names of the scope's tables, or null when the scope does not exist. */
  public List<String> list(String scope) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return null;
      }
      List<String> out = new ArrayList<>();
      String prefix = key(scope, "");
      for (String k : ctx.meta.scan(prefix).keySet()) {
        out.add(k.substring(prefix.length()));
      }
      return out;
    }
  }

  public Outcome delete(String scope, String kvt) {
    synchronized (ctx.lock) {
      KvtRecord r = get(scope, kvt);
      if (r == null) {
        return Outcome.NOT_FOUND;
      }
      for (int i = 0; i < r.partitionCount(); i++) {
        ctx.deleteTable(partitionName(scope, kvt, i));
      }
      ctx.meta.remove(key(scope, kvt));
      return Outcome.SUCCESS;
    }
  }
}
