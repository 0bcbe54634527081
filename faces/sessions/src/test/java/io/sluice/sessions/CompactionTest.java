package io.sluice.sessions;

import static io.sluice.sessions.SessionsOperationsTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
  @TempDir Path dir;
  TestClock clock = new TestClock(9_000_000);
  FaceFixture f;

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  /** Sessions that are opened, written and deleted by {@code threads} clients at once. */
  private void churn(int sessions, int threads, byte[] payload) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < sessions / threads; i++) {
                    Session s = f.client.open(1);
                    s.append(payload, payload);
                    s.delete();
                  }
                  return null;
                }));
      }
      for (Future<?> x : all) {
        x.get();
      }
    }
  }

  @Test
  void finishedSessionsAreReclaimedAndLongLivedOnesCopiedForward() throws Exception {
    f =
        new FaceFixture(
            dir,
            clock,
            FaceFixture.smallOptions()
                .compactMinBytes(64 << 10)
                .segmentBytes(64 << 10)
                .compactInterval(Duration.ofMillis(20))
                .build());
    f.client.defineKind(KindSpec.of(1, Duration.ofMinutes(10)));
    // long-lived sessions that pin the start of the log until compaction copies them forward
    List<Session> longLived = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Session s = f.client.open(1);
      s.append(b("long-lived " + i), new byte[500]);
      s.store(Duration.ofHours(1));
      longLived.add(s);
    }
    byte[] payload = new byte[1500];
    long maxRetained = 0;
    for (int round = 0; round < 3; round++) {
      churn(208, 16, payload);
      maxRetained = Math.max(maxRetained, retained());
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> retained() < (256 << 10));
    SessionsStats stats = f.face.stats();
    System.out.printf(
        "compaction: written %d bytes of log, retained %d (max %d), truncated %d, images %d%n",
        stats.logEnd(),
        stats.logEnd() - stats.logStart(),
        maxRetained,
        stats.reclaimedBytes(),
        stats.images());
    assertThat(stats.logEnd()).isGreaterThan(1L << 20);
    assertThat(stats.images()).isGreaterThanOrEqualTo(10);
    assertThat(stats.reclaimedBytes()).isGreaterThan(stats.logEnd() - (256 << 10));
    assertThat(maxRetained).isLessThan(2L << 20);
    assertThat(stats.liveSessions()).isEqualTo(10);
    // every long-lived session still has its records, before and after a restart
    for (int i = 0; i < longLived.size(); i++) {
      assertThat(f.client.get(longLived.get(i).id(), true).records().get(0))
          .isEqualTo(b("long-lived " + i));
    }
    f.restart();
    for (int i = 0; i < longLived.size(); i++) {
      var v = f.client.get(longLived.get(i).id(), true);
      assertThat(v.state()).isEqualTo("STORED");
      assertThat(v.records().get(0)).isEqualTo(b("long-lived " + i));
    }
  }

  private long retained() {
    SessionsStats s = f.face.stats();
    return s.logEnd() - s.logStart();
  }
}
