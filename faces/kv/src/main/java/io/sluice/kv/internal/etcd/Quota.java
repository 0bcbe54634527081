package io.sluice.kv.internal.etcd;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's backend quota ({@code --quota-backend-bytes}): a write that would take the stored MVCC
 * history over the quota raises the NOSPACE alarm and fails with "mvcc: database space exceeded";
 * while the alarm is on, every Put, Txn with a put and LeaseGrant fails the same way, and reads and
 * deletes still work. As in etcd the alarm stays until it is disarmed ({@code etcdctl alarm
 * disarm}), normally after a compaction made room. Thread-safe.
 */
public final class Quota {
  private static final Logger LOG = LoggerFactory.getLogger(Quota.class);

  /** etcd's default quota when none is given (0): 2 GiB. */
  public static final long DEFAULT_BYTES = 2L << 30;

  private final long limit;
  private final LongSupplier used;
  private volatile boolean alarmed;

  /**
   * @param quotaBytes etcd's semantics: 0 = the 2 GiB default, negative = no quota
   * @param used the bytes the quota is measured against
   */
  public Quota(long quotaBytes, LongSupplier used) {
    this.limit = quotaBytes == 0 ? DEFAULT_BYTES : quotaBytes;
    this.used = used;
  }

  /** Fails a write of about {@code cost} bytes with NO_SPACE if it does not fit. */
  public void check(long cost) {
    if (limit < 0) {
      return;
    }
    if (alarmed) {
      throw EtcdError.NO_SPACE.exception();
    }
    long now = used.getAsLong();
    if (now + cost > limit) {
      if (!alarmed) {
        alarmed = true;
        LOG.warn(
            "KV quota of {} bytes exceeded ({} bytes stored): NOSPACE alarm raised; compact, then"
                + " disarm the alarm",
            limit,
            now);
      }
      throw EtcdError.NO_SPACE.exception();
    }
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
