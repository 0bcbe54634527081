package io.sluice.kv.internal.etcd;

import io.sluice.kv.internal.mvcc.MvccIndex;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's backend quota ({@code --quota-backend-bytes}): a write that would take the stored MVCC
 * history over the quota raises the NOSPACE alarm and fails with "mvcc: database space exceeded";
 * while the alarm is on, every Put, Txn with a put and LeaseGrant fails the same way, and reads and
 * deletes still work. As in etcd the alarm stays until it is disarmed ({@code etcdctl alarm
 * disarm}), normally after a compaction made room.
 *
 * <p>A second measure guards the node's heap, which etcd does not have: the retained history's
 * index is in memory (~260 bytes a revision), so without compaction a sustained write load would
 * exhaust the heap (and end the process) long before the stored history reached the quota. When the
 * index would outgrow its memory limit the same alarm is raised, with the same error, and the log
 * says which measure tripped. Thread-safe.
 */
public final class Quota {
  private static final Logger LOG = LoggerFactory.getLogger(Quota.class);

  /** etcd's default quota when none is given (0): 2 GiB. */
  public static final long DEFAULT_BYTES = 2L << 30;

  private final long limit;
  private final LongSupplier used;
  private final long memoryLimit;
  private final LongSupplier memoryUsed;
  private volatile boolean alarmed;

  /**
   * @param quotaBytes etcd's semantics: 0 = the 2 GiB default, negative = no quota
   * @param used the bytes the quota is measured against
   */
  public Quota(long quotaBytes, LongSupplier used) {
    this(quotaBytes, used, -1, () -> 0);
  }

  /**
   * @param quotaBytes etcd's semantics: 0 = the 2 GiB default, negative = no quota
   * @param used the bytes the quota is measured against
   * @param memoryLimit the heap the history's index may take; negative = no limit
   * @param memoryUsed the heap the history's index takes now
   */
  public Quota(long quotaBytes, LongSupplier used, long memoryLimit, LongSupplier memoryUsed) {
    this.limit = quotaBytes == 0 ? DEFAULT_BYTES : quotaBytes;
    this.used = used;
    this.memoryLimit = memoryLimit;
    this.memoryUsed = memoryUsed;
  }

  /** Fails a write of about {@code cost} bytes with NO_SPACE if it does not fit. */
  public void check(long cost) {
    if (alarmed) {
      throw EtcdError.NO_SPACE.exception();
    }
    if (limit >= 0) {
      long now = used.getAsLong();
      if (now + cost > limit) {
        raise(
            "KV quota of {} bytes exceeded ({} bytes stored): NOSPACE alarm raised; compact, then"
                + " disarm the alarm",
            limit,
            now);
      }
    }
    if (memoryLimit >= 0) {
      long now = memoryUsed.getAsLong();
      if (now + MvccIndex.INDEX_BYTES_PER_REVISION > memoryLimit) {
        raise(
            "the in-memory index of the KV history would outgrow its {} bytes of heap ({} bytes"
                + " now): NOSPACE alarm raised; compact, then disarm the alarm (or give the node a"
                + " larger heap)",
            memoryLimit,
            now);
      }
    }
  }

  private void raise(String message, long limit, long now) {
    if (!alarmed) {
      alarmed = true;
      LOG.warn(message, limit, now);
    }
    throw EtcdError.NO_SPACE.exception();
  }

  public boolean alarmed() {
    return alarmed;
  }

  /** Raises the NOSPACE alarm (Maintenance.Alarm ACTIVATE). */
  public void arm() {
    alarmed = true;
  }

  /** Clears the NOSPACE alarm (Maintenance.Alarm DEACTIVATE). */
  public void disarm() {
    alarmed = false;
  }
}
