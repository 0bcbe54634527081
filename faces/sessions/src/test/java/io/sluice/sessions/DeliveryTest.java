package io.sluice.sessions;

import static io.sluice.sessions.SessionsOperationsTest.assertError;
import static io.sluice.sessions.SessionsOperationsTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.sluice.sessions.client.Delivery;
import io.sluice.sessions.client.HandlerOptions;
import io.sluice.sessions.client.HandlerRegistration;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.RawHandler;
import io.sluice.sessions.testing.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
  static final Duration QUIET = Duration.ofMillis(200);
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  TestClock clock = new TestClock(1_000_000);
  FaceFixture f;

  @BeforeEach
  void start() {
    f = new FaceFixture(dir, clock, FaceFixture.smallOptions().build());
    f.client.defineKind(KindSpec.of(9, Duration.ofSeconds(60)));
    f.client.defineKind(KindSpec.of(7, Duration.ofSeconds(30)).withMaxAttempts(3, 9));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private RawHandler handler(int kind, Duration lease, int maxInFlight) {
    return new RawHandler(f.client.channel(), kind, lease, maxInFlight);
  }

  @Test
  void storedSessionIsDeliveredAtItsDueTimeWithItsRecords() {
    Session s = f.client.open(7);
    s.append(b("one"), b("two"));
    s.store(Duration.ofSeconds(5));
    try (RawHandler h = handler(7, Duration.ofSeconds(10), 1)) {
      clock.advance(Duration.ofMillis(4_900));
      assertThat(h.poll(QUIET)).isNull();
      clock.advance(Duration.ofMillis(100));
      var d = h.poll(WAIT);
      assertThat(d).isNotNull();
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getAttempt()).isEqualTo(1);
      assertThat(d.getKind()).isEqualTo(7);
      assertThat(d.getRecordsList())
          .extracting(r -> r.toStringUtf8())
          .containsExactly("one", "two");
      // the handler works on it like any client, with its attempt as lease token
      Session mine = f.client.session(s.id(), 1);
      mine.append(b("three"));
      assertThat(f.client.get(s.id(), false).state()).isEqualTo("DELIVERED");
      mine.delete();
      assertError(
          () -> f.client.get(s.id(), false),
          SessionsError.SESSION_FINISHED,
          Status.Code.FAILED_PRECONDITION);
    }
  }

  @Test
  void redeliveryOrderIsDueTimeThenStoreOrder() {
    Session a = f.client.open(7);
    a.store(Duration.ofSeconds(10));
    Session b = f.client.open(7);
    b.store(Duration.ofSeconds(5));
    Session c = f.client.open(7);
    c.store(Duration.ofSeconds(5));
    Session d = f.client.open(7);
    d.store(Duration.ofSeconds(7));
    clock.advance(Duration.ofSeconds(20));
    List<Long> order = new ArrayList<>();
    try (RawHandler h = handler(7, Duration.ofSeconds(10), 1)) {
      for (int i = 0; i < 4; i++) {
        var got = h.poll(WAIT);
        assertThat(got).isNotNull();
        order.add(got.getId());
        f.client.session(got.getId(), got.getAttempt()).delete();
      }
    }
    assertThat(order).containsExactly(b.id(), c.id(), d.id(), a.id());
  }

  @Test
  void lapsedLeaseLosesTheSessionToAnotherHandler() {
    Session s = f.client.open(7);
    s.append(b("x"));
    s.store(Duration.ZERO);
    try (RawHandler first = handler(7, Duration.ofSeconds(2), 1)) {
      var d1 = first.poll(WAIT);
      assertThat(d1.getAttempt()).isEqualTo(1);
      try (RawHandler second = handler(7, Duration.ofSeconds(2), 1)) {
        assertThat(second.poll(QUIET)).isNull();
        clock.advance(Duration.ofMillis(2_001));
        var d2 = second.poll(WAIT);
        if (d2 == null) {
          d2 = first.poll(WAIT);
        }
        assertThat(d2).isNotNull();
        assertThat(d2.getId()).isEqualTo(s.id());
        assertThat(d2.getAttempt()).isEqualTo(2);
        assertThat(d2.getRecordsList()).extracting(r -> r.toStringUtf8()).containsExactly("x");
        // the first handler's lease is gone
        assertError(
            () -> f.client.session(s.id(), 1).delete(),
            SessionsError.LEASE_LOST,
            Status.Code.FAILED_PRECONDITION);
        f.client.session(s.id(), 2).delete();
      }
    }
  }

  @Test
  void handlerThatGoesAwayLosesItsSessions() {
    Session s = f.client.open(7);
    s.store(Duration.ZERO);
    RawHandler first = handler(7, Duration.ofMinutes(5), 1);
    assertThat(first.poll(WAIT).getAttempt()).isEqualTo(1);
    try (RawHandler second = handler(7, Duration.ofMinutes(5), 1)) {
      assertThat(second.poll(QUIET)).isNull();
      first.close();
      var d = second.poll(WAIT);
      assertThat(d).isNotNull();
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getAttempt()).isEqualTo(2);
    }
  }

  @Test
  void renewKeepsTheLease() {
    Session s = f.client.open(7);
    s.store(Duration.ZERO);
    try (RawHandler h = handler(7, Duration.ofSeconds(2), 1)) {
      var d = h.poll(WAIT);
      Session mine = f.client.session(s.id(), d.getAttempt());
      clock.advance(Duration.ofMillis(1_500));
      mine.renew(Duration.ofSeconds(2));
      clock.advance(Duration.ofMillis(1_500));
      assertThat(h.poll(QUIET)).isNull();
      mine.append(b("still mine"));
      mine.delete();
    }
  }

  @Test
  void afterMaxAttemptsTheSessionMovesToTheDeadLetterKind() {
    Session s = f.client.open(7);
    s.append(b("poison"));
    s.store(Duration.ZERO);
    try (RawHandler h = handler(7, Duration.ofSeconds(1), 1)) {
      for (int attempt = 1; attempt <= 3; attempt++) {
        var d = h.poll(WAIT);
        assertThat(d).isNotNull();
        assertThat(d.getAttempt()).isEqualTo(attempt);
        f.client.session(s.id(), attempt).store(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
      }
      await().atMost(WAIT).until(() -> f.client.get(s.id(), false).kind() == 9);
      assertThat(h.poll(QUIET)).isNull();
    }
    try (RawHandler dead = handler(9, Duration.ofSeconds(10), 1)) {
      var d = dead.poll(WAIT);
      assertThat(d.getId()).isEqualTo(s.id());
      assertThat(d.getKind()).isEqualTo(9);
      assertThat(d.getOriginalKind()).isEqualTo(7);
      assertThat(d.getAttempt()).isEqualTo(4);
      assertThat(d.getRecordsList()).extracting(r -> r.toStringUtf8()).containsExactly("poison");
    }
    assertThat(f.face.stats().deadLettered()).isEqualTo(1);
  }

  @Test
  void handlerFromTheClientApiDeletesOrStoresUnfinished() {
    List<Delivery> seen = new CopyOnWriteArrayList<>();
    Session done = f.client.open(7);
    done.append(b("finish me"));
    done.store(Duration.ZERO);
    try (HandlerRegistration r =
        f.client.handle(
            7,
            HandlerOptions.defaults().withLease(Duration.ofSeconds(30)),
            d -> {
              seen.add(d);
              if (new String(d.records().get(0)).equals("finish me")) {
                d.session().delete();
              }
              // otherwise return without finishing: the client stores it again
            })) {
      await().atMost(WAIT).until(() -> seen.size() == 1);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertError(
                      () -> f.client.get(done.id(), false),
                      SessionsError.SESSION_FINISHED,
                      Status.Code.FAILED_PRECONDITION));
      Session left = f.client.open(7);
      left.append(b("leave me"));
      left.store(Duration.ZERO);
      await().atMost(WAIT).until(() -> seen.size() == 2);
      await().atMost(WAIT).until(() -> f.client.get(left.id(), false).state().equals("STORED"));
      assertThat(f.client.get(left.id(), false).dueAtMillis())
          .isEqualTo(clock.currentTimeMillis() + 30_000);
      assertThat(r.delivered()).isEqualTo(2);
    }
  }

  @Test
  void handlerOfUnknownKindIsRefused() {
    try (RawHandler h = handler(12345, Duration.ofSeconds(1), 1)) {
      await().atMost(WAIT).until(() -> h.error() != null);
      assertThat(Status.fromThrowable(h.error()).getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(h.error().getMessage()).contains("kind 12345");
    }
  }
}
