package io.sluice.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.storage.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare-and-set increments from several threads: every successful txn sees the value the previous
 * one wrote (no lost update), revisions of successful writes are unique, and the final value equals
 * the number of successes.
 */
class ConcurrentTxnTest {
  @TempDir Path dir;

  @Test
  void casIncrementsNeverLoseUpdates() throws Exception {
    try (KvFixture f = new KvFixture(dir, Clock.SYSTEM)) {
      ByteString key = ByteString.copyFromUtf8("counter");
      f.kv.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("0")).build());
      AtomicInteger successes = new AtomicInteger();
      Set<Long> revisions = ConcurrentHashMap.newKeySet();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 40; i++) {
                        var cur =
                            f.kv.range(RangeRequest.newBuilder().setKey(key).build()).getKvs(0);
                        int v = Integer.parseInt(cur.getValue().toStringUtf8());
                        TxnResponse r =
                            f.kv.txn(
                                TxnRequest.newBuilder()
                                    .addCompare(
                                        Compare.newBuilder()
                                            .setKey(key)
                                            .setTarget(Compare.CompareTarget.MOD)
                                            .setResult(Compare.CompareResult.EQUAL)
                                            .setModRevision(cur.getModRevision()))
                                    .addSuccess(
                                        RequestOp.newBuilder()
                                            .setRequestPut(
                                                PutRequest.newBuilder()
                                                    .setKey(key)
                                                    .setValue(
                                                        ByteString.copyFromUtf8(
                                                            Integer.toString(v + 1)))))
                                    .build());
                        if (r.getSucceeded()) {
                          successes.incrementAndGet();
                          assertThat(revisions.add(r.getHeader().getRevision())).isTrue();
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      var last = f.kv.range(RangeRequest.newBuilder().setKey(key).build()).getKvs(0);
      assertThat(Integer.parseInt(last.getValue().toStringUtf8())).isEqualTo(successes.get());
      assertThat(last.getVersion()).isEqualTo(successes.get() + 1L);
      assertThat(successes.get()).isPositive();
    }
  }
}
