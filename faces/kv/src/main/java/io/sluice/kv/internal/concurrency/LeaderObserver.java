package io.sluice.kv.internal.concurrency;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import io.sluice.kv.proto.mvccpb.KeyValue;
import java.util.concurrent.CompletableFuture;

/**
 * One Observe call, as clientv3's {@code Election.Observe}: sends the current leader's key-value
 * (waiting for the first candidate if there is none), then every new value the leader proclaims,
 * and starts over with the next leader once the leader's key is deleted. Runs on one virtual thread
 * until the client cancels. Not thread-safe (confined to that thread).
 */
final class LeaderObserver {
  private final KvClient kv;
  private final ByteString prefix;
  private final StreamObserver<io.sluice.kv.proto.v3electionpb.LeaderResponse> out;

  LeaderObserver(
      KvClient kv,
      ByteString prefix,
      StreamObserver<io.sluice.kv.proto.v3electionpb.LeaderResponse> out) {
    this.kv = kv;
    this.prefix = prefix;
    this.out = out;
  }

  void run(CompletableFuture<Void> cancelled) {
    try {
      while (!cancelled.isDone()) {
        observeOneLeader(cancelled);
      }
    } catch (RuntimeException e) {
      if (!cancelled.isDone()) {
        Blocking.send(() -> out.onError(Blocking.asGoError(e)));
      }
    }
  }

  private void observeOneLeader(CompletableFuture<Void> cancelled) {
    RangeResponse resp = kv.range(KvClient.byCreate(prefix, true).build(), cancelled);
    KeyValue leader;
    long rev;
    if (resp.getKvsCount() == 0) {
      KvClient.Change first = firstPut(resp.getHeader().getRevision(), cancelled);
      leader = first.kv();
      rev = leader.getModRevision();
    } else {
      leader = resp.getKvs(0);
      rev = resp.getHeader().getRevision();
    }
    send(kv.headers().header(rev), leader);
    long from = rev + 1;
    while (true) {
      KvClient.Scan scan = kv.changes(leader.getKey(), ByteString.EMPTY, from);
      for (KvClient.Change c : scan.changes()) {
        if (c.deleted()) {
          return;
        }
        send(kv.headers().header(c.revision()), c.kv());
      }
      from = Math.max(from, scan.through() + 1);
      KvClient.await(kv.engine().whenDurable(from), cancelled);
    }
  }

  /** Waits for the first put under the prefix at or after {@code from}. */
  private KvClient.Change firstPut(long from, CompletableFuture<Void> cancelled) {
    ByteString end = KvClient.prefixEnd(prefix);
    long next = from;
    while (true) {
      KvClient.Scan scan = kv.changes(prefix, end, next);
      for (KvClient.Change c : scan.changes()) {
        if (!c.deleted()) {
          return c;
        }
      }
      next = Math.max(next, scan.through() + 1);
      KvClient.await(kv.engine().whenDurable(next), cancelled);
    }
  }

  private void send(ResponseHeader h, KeyValue leader) {
    out.onNext(
        io.sluice.kv.proto.v3electionpb.LeaderResponse.newBuilder()
            .setHeader(h)
            .setKv(leader)
            .build());
  }
}
