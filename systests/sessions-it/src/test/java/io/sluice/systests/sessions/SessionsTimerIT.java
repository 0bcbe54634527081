package io.sluice.systests.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sessions.client.HandlerOptions;
import io.sluice.sessions.client.HandlerRegistration;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.systests.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timers survive restarts: a session stored with a 5 s timeout, then the node killed with SIGKILL
 * and restarted, is delivered about 5 s after the store, not 5 s after the restart.
 */
class SessionsTimerIT {
  @TempDir Path tmp;

  @Test
  void storedTimeoutCountsFromTheStoreAcrossASigkill() throws Exception {
    try (NodeProcess node = NodeProcess.start(tmp.resolve("node"))) {
      long storedAt;
      long storeAckedAt;
      long dueAt;
      long id;
      try (SessionsClient c = SessionsClient.connect("127.0.0.1", node.port("sessions"))) {
        c.defineKind(KindSpec.of(2, Duration.ofMinutes(1)));
        Session s = c.open(2);
        s.append("timer".getBytes(StandardCharsets.UTF_8));
        storedAt = System.currentTimeMillis();
        dueAt = s.store(Duration.ofSeconds(5)).toEpochMilli();
        storeAckedAt = System.currentTimeMillis();
        id = s.id();
      }
      node.kill9();
      long killedAt = System.currentTimeMillis();
      node.restart();
      long restartedAt = System.currentTimeMillis();
      AtomicLong deliveredAt = new AtomicLong();
      AtomicLong deliveredId = new AtomicLong();
      AtomicLong deliveredDue = new AtomicLong();
      try (SessionsClient c = SessionsClient.connect("127.0.0.1", node.port("sessions"));
          HandlerRegistration h =
              c.handle(
                  2,
                  HandlerOptions.defaults(),
                  d -> {
                    deliveredAt.compareAndSet(0, System.currentTimeMillis());
                    deliveredId.set(d.id());
                    deliveredDue.set(d.dueAtMillis());
                    d.session().delete();
                  })) {
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveredAt.get() != 0);
        assertThat(h.delivered()).isEqualTo(1);
      }
      long afterStore = deliveredAt.get() - storedAt;
      long afterRestart = deliveredAt.get() - restartedAt;
      System.out.printf(
          "sessions timer: killed %d ms after the store, node back %d ms after the store;"
              + " due %d ms after the store; delivered %d ms after the store, %d ms after the"
              + " restart%n",
          killedAt - storedAt,
          restartedAt - storedAt,
          deliveredDue.get() - storedAt,
          afterStore,
          afterRestart);
      assertThat(deliveredId.get()).isEqualTo(id);
      // the due time is the store time + 5 s, kept across the SIGKILL (not restart + 5 s)
      assertThat(deliveredDue.get()).isEqualTo(dueAt);
      assertThat(dueAt).isBetween(storedAt + 5_000, storeAckedAt + 5_000);
      // never early
      assertThat(deliveredAt.get()).isGreaterThanOrEqualTo(dueAt);
      // delivered promptly once it was due and the node was back (5 s after the store when the
      // node is back by then), not a fresh 5 s timer started by the restart
      assertThat(deliveredAt.get() - Math.max(dueAt, restartedAt)).isLessThan(4_000);
    }
  }
}
