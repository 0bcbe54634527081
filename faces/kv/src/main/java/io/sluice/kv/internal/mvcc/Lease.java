package io.sluice.kv.internal.mvcc;

import com.google.protobuf.ByteString;
import java.util.TreeSet;

/**
 * One lease: its granted TTL, the wall-clock deadline (from the injected clock) and the keys
 * attached to it. Not thread-safe: guarded by the engine's write lock (the deadline is volatile so
 * keep-alive replies can read it).
 */
public final class Lease {
  private final long id;
  private final long ttlSeconds;
  private volatile long deadlineMillis;
  private final TreeSet<ByteString> keys = new TreeSet<>(MvccIndex.KEY_ORDER);

  public Lease(long id, long ttlSeconds, long deadlineMillis) {
    this.id = id;
    this.ttlSeconds = ttlSeconds;
    this.deadlineMillis = deadlineMillis;
  }

  public long id() {
    return id;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  public long deadlineMillis() {
    return deadlineMillis;
  }

  public void setDeadlineMillis(long deadlineMillis) {
    this.deadlineMillis = deadlineMillis;
  }

  public TreeSet<ByteString> keys() {
    return keys;
  }
}
