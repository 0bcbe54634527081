package io.sluice.kv.internal.etcd;

import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.Lease;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.internal.mvcc.MvccStorage;
import io.sluice.kv.internal.mvcc.ValueCache;
import io.sluice.storage.Clock;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.TableStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the KV store: creates its table on first start, otherwise rebuilds the index, the leases
 * (with their remaining time) and the member identity from the stored records, redoes an
 * interrupted compaction, and returns a ready {@link KvEngine}. Not thread-safe (used once).
 */
public final class KvStoreOpener {
  private static final Logger LOG = LoggerFactory.getLogger(KvStoreOpener.class);

  /** The table segment holding every KV record of a node. */
  public static final String TABLE = "_system/kv/mvcc";

  /** The plain segment where changes are durable first (the table is written behind it). */
  public static final String CHANGE_LOG = "_system/kv/changes";

  private KvStoreOpener() {}

  /** What was opened. */
  public record Opened(KvEngine engine, long memberId, long clusterId) {}

  public static Opened open(
      SegmentStore segments,
      TableStore tables,
      Clock clock,
      Executor completions,
      ScheduledExecutorService timer,
      long valueCacheBytes,
      int maxTxnOps) {
    MvccStorage storage = new MvccStorage(segments, tables, TABLE, CHANGE_LOG, timer);
    storage.createIfMissing();
    MvccIndex index = new MvccIndex();
    Map<Long, Lease> leases = new TreeMap<>();
    long[] identity = {0, 0};
    long[] compaction = {-1, 0};
    long start = clock.nanoTime();
    storage.recover(
        new MvccStorage.Visitor() {
          @Override
          public void change(KeyRev kr) {
            index.add(kr);
          }

          @Override
          public void lease(long id, long ttlSeconds, long deadlineMillis) {
            leases.put(id, new Lease(id, ttlSeconds, deadlineMillis));
          }

          @Override
          public void identity(long memberId, long clusterId) {
            identity[0] = memberId;
            identity[1] = clusterId;
          }

          @Override
          public void compaction(long compactRev, long revisionAtCompaction) {
            compaction[0] = compactRev;
            compaction[1] = revisionAtCompaction;
          }
        });
    index.advanceTo(compaction[1]);
    List<KeyRev> leftover = new ArrayList<>();
    if (compaction[0] >= 0) {
      leftover = index.compact(compaction[0]);
    }
    SecureRandom random = new SecureRandom();
    if (identity[0] == 0) {
      identity[0] = random.nextLong() & Long.MAX_VALUE | 1;
      identity[1] = random.nextLong() & Long.MAX_VALUE | 1;
      storage.putMeta('M', identity[0], identity[1]).join();
    }
    KvEngine engine =
        new KvEngine(
            index,
            storage,
            new ValueCache(valueCacheBytes),
            clock,
            completions,
            identity[0],
            maxTxnOps,
            () -> {
              long id;
              do {
                id = random.nextLong() & Long.MAX_VALUE;
              } while (id == 0);
              return id;
            });
    for (Lease l : leases.values()) {
      engine.addRecoveredLease(l);
    }
    for (var e : index.histories()) {
      KeyRev kr = index.get(e.getKey(), index.currentRev());
      if (kr != null && kr.lease() != 0) {
        Lease l = leases.get(kr.lease());
        if (l != null) {
          l.keys().add(kr.key());
        }
      }
    }
    if (!leftover.isEmpty()) {
      storage.removeChanges(leftover).join();
    }
    LOG.info(
        "KV store recovered: revision {}, compacted at {}, {} keys, {} leases in {} ms",
        index.currentRev(),
        index.compactRev(),
        index.liveKeys(),
        leases.size(),
        (clock.nanoTime() - start) / 1_000_000);
    return new Opened(engine, identity[0], identity[1]);
  }
}
