package io.sluice.kv.internal.concurrency;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;

/**
 * clientv3's {@code concurrency.NewSession} as etcd's lock and election servers use it: the
 * caller's lease, or (lease 0) a fresh lease of the default session TTL that nobody keeps alive.
 * Stateless.
 */
final class Sessions {
  /** clientv3 concurrency's defaultSessionTTL, seconds. */
  static final long DEFAULT_TTL = 60;

  private Sessions() {}

  static long lease(KvClient kv, long requested, CompletableFuture<Void> cancelled) {
    if (requested != 0) {
      return requested;
    }
    return KvClient.await(kv.engine().leaseGrant(DEFAULT_TTL, 0), cancelled)[0];
  }

  /** A session's key under a prefix: the prefix and the lease id in lower-case hex. */
  static ByteString key(ByteString prefix, long lease) {
    return prefix.concat(ByteString.copyFromUtf8(Long.toHexString(lease)));
  }

  /** The key prefix of a lock or election name: the name and a slash. */
  static ByteString prefix(ByteString name) {
    return name.concat(ByteString.copyFromUtf8("/"));
  }
}
