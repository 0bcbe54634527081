package io.sluice.systests.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.StreamObserver;
import io.sluice.systests.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jetcd 0.8 against a Sluice node process: KV, Txn, Watch across a restart, Lease keep-alive. */
class JetcdIT {
  Path dir;
  NodeProcess node;
  Client client;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("kv-jetcd");
    node = NodeProcess.start(dir.resolve("node"));
    client = Client.builder().endpoints("http://127.0.0.1:" + node.port("etcd")).build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void kvAndTxn() throws Exception {
    KV kv = client.getKVClient();
    long r1 = kv.put(bs("/j/a"), bs("1")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    kv.put(bs("/j/b"), bs("2")).get(10, TimeUnit.SECONDS);
    var prev =
        kv.put(bs("/j/a"), bs("3"), PutOption.builder().withPrevKV().build())
            .get(10, TimeUnit.SECONDS);
    assertThat(prev.hasPrevKv()).isTrue();
    assertThat(prev.getPrevKv().getValue()).isEqualTo(bs("1"));
    GetResponse all =
        kv.get(bs("/j/"), GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
    assertThat(all.getKvs()).extracting(KeyValue::getKey).containsExactly(bs("/j/a"), bs("/j/b"));
    assertThat(all.getKvs().get(0).getVersion()).isEqualTo(2);
    GetResponse old =
        kv.get(bs("/j/a"), GetOption.builder().withRevision(r1).build()).get(10, TimeUnit.SECONDS);
    assertThat(old.getKvs().get(0).getValue()).isEqualTo(bs("1"));
    GetResponse limited =
        kv.get(bs("/j/"), GetOption.builder().isPrefix(true).withLimit(1).build())
            .get(10, TimeUnit.SECONDS);
    assertThat(limited.isMore()).isTrue();
    assertThat(limited.getCount()).isEqualTo(2);

    TxnResponse t =
        kv.txn()
            .If(new Cmp(bs("/j/a"), Cmp.Op.EQUAL, CmpTarget.value(bs("3"))))
            .Then(Op.put(bs("/j/c"), bs("then"), PutOption.DEFAULT))
            .Else(Op.put(bs("/j/c"), bs("else"), PutOption.DEFAULT))
            .commit()
            .get(10, TimeUnit.SECONDS);
    assertThat(t.isSucceeded()).isTrue();
    TxnResponse f =
        kv.txn()
            .If(new Cmp(bs("/j/a"), Cmp.Op.GREATER, CmpTarget.version(5)))
            .Then(Op.delete(bs("/j/c"), io.etcd.jetcd.options.DeleteOption.DEFAULT))
            .Else(Op.get(bs("/j/c"), GetOption.DEFAULT))
            .commit()
            .get(10, TimeUnit.SECONDS);
    assertThat(f.isSucceeded()).isFalse();
    assertThat(f.getGetResponses().get(0).getKvs().get(0).getValue()).isEqualTo(bs("then"));
    long deleted =
        kv.delete(bs("/j/"), io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build())
            .get(10, TimeUnit.SECONDS)
            .getDeleted();
    assertThat(deleted).isEqualTo(3);
  }

  @Test
  void watchResumesAfterNodeRestart() throws Exception {
    KV kv = client.getKVClient();
    long start = kv.put(bs("/w/0"), bs("0")).get(10, TimeUnit.SECONDS).getHeader().getRevision();
    List<Long> revs = new ArrayList<>();
    List<String> values = new ArrayList<>();
    Watch.Watcher watcher =
        client
            .getWatchClient()
            .watch(
                bs("/w/"),
                WatchOption.builder().isPrefix(true).withRevision(start).build(),
                Watch.listener(
                    resp -> {
                      synchronized (revs) {
                        for (WatchEvent e : resp.getEvents()) {
                          revs.add(e.getKeyValue().getModRevision());
                          values.add(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
                        }
                      }
                    }));
    try {
      for (int i = 1; i <= 5; i++) {
        kv.put(bs("/w/" + i), bs(Integer.toString(i))).get(10, TimeUnit.SECONDS);
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(revs) == 6);
      node.kill9();
      node.restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                kv.get(bs("/w/0")).get(5, TimeUnit.SECONDS);
                return true;
              });
      for (int i = 6; i <= 9; i++) {
        kv.put(bs("/w/" + i), bs(Integer.toString(i))).get(10, TimeUnit.SECONDS);
      }
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(revs) >= 10);
      synchronized (revs) {
        assertThat(values).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (int i = 1; i < revs.size(); i++) {
          assertThat(revs.get(i)).isEqualTo(revs.get(i - 1) + 1);
        }
      }
    } finally {
      watcher.close();
    }
  }

  static int count(List<Long> l) {
    synchronized (l) {
      return l.size();
    }
  }

  @Test
  void leaseKeepAliveKeepsKeysThenExpiryDeletesThem() throws Exception {
    var lease = client.getLeaseClient();
    long id = lease.grant(3).get(10, TimeUnit.SECONDS).getID();
    client
        .getKVClient()
        .put(bs("/l/k"), bs("v"), PutOption.builder().withLeaseId(id).build())
        .get(10, TimeUnit.SECONDS);
    AtomicInteger acks = new AtomicInteger();
    var keepAlive =
        lease.keepAlive(
            id,
            new StreamObserver<LeaseKeepAliveResponse>() {
              @Override
              public void onNext(LeaseKeepAliveResponse v) {
                if (v.getTTL() > 0) {
                  acks.incrementAndGet();
                }
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });
    // well past the TTL: the keep-alives (every TTL/3) hold the lease and its key
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acks.get() >= 5);
    assertThat(client.getKVClient().get(bs("/l/k")).get(10, TimeUnit.SECONDS).getCount())
        .isEqualTo(1);
    assertThat(lease.timeToLive(id, io.etcd.jetcd.options.LeaseOption.DEFAULT).get().getTTL())
        .isPositive();
    keepAlive.close();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.getKVClient().get(bs("/l/k")).get(10, TimeUnit.SECONDS).getCount() == 0);
    assertThat(lease.timeToLive(id, io.etcd.jetcd.options.LeaseOption.DEFAULT).get().getTTL())
        .isEqualTo(-1);
  }
}
