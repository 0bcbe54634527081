package io.sluice.sp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sp.Message;
import io.sluice.sp.SpClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue between user threads and the I/O thread, with wake-ups deferred to the end of the I/O
 * loop turn: nothing is lost, blocked threads wake once the turn ends.
 */
class MessageQueueTest {
  private final Reactor reactor = new Reactor(SpClock.SYSTEM, 1);

  @AfterEach
  void stop() {
    reactor.stop();
  }

  private MessageQueue queue(long capacity) {
    MessageQueue q = new MessageQueue(capacity, SpClock.SYSTEM::nanoTime);
    q.signalVia(reactor);
    return q;
  }

  private static void awaitBlocked(Thread t) {
    await().atMost(Duration.ofSeconds(5)).until(() -> t.getState() == Thread.State.WAITING);
  }

  @Test
  void aBlockedReceiverGetsEveryMessageTheTurnOffered() {
    MessageQueue q = queue(Long.MAX_VALUE);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread receiver =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    got.add(q.take(-1).bodyText());
                  }
                });
    awaitBlocked(receiver);
    reactor.execute(
        () -> {
          q.offer(Message.of("a"));
          q.offer(Message.of("b"));
          q.offer(Message.of("c"));
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
    assertThat(got).containsExactly("a", "b", "c");
  }

  @Test
  void twoBlockedReceiversBothWakeForTwoMessages() {
    MessageQueue q = queue(Long.MAX_VALUE);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread r1 = Thread.ofPlatform().start(() -> got.add(q.take(-1).bodyText()));
    Thread r2 = Thread.ofPlatform().start(() -> got.add(q.take(-1).bodyText()));
    awaitBlocked(r1);
    awaitBlocked(r2);
    reactor.execute(
        () -> {
          q.offer(Message.of("a"));
          q.offer(Message.of("b"));
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
    assertThat(got).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aBlockedSenderWakesWhenTheTurnsPollsMadeRoom() {
    MessageQueue q = queue(100);
    assertThat(q.put(new Message(new byte[100]), 0)).isTrue();
    AtomicBoolean sent = new AtomicBoolean();
    Thread sender =
        Thread.ofPlatform()
            .start(
                () -> {
                  q.put(Message.of("next"), -1);
                  sent.set(true);
                });
    awaitBlocked(sender);
    assertThat(sent).isFalse();
    reactor.execute(q::poll);
    await().atMost(Duration.ofSeconds(5)).untilTrue(sent);
    assertThat(q.isEmpty()).isFalse();
  }

  @Test
  void watchersHearOfTheTurnsFirstMessageOnce() {
    MessageQueue q = queue(Long.MAX_VALUE);
    AtomicInteger calls = new AtomicInteger();
    q.watch(calls::incrementAndGet);
    AtomicBoolean done = new AtomicBoolean();
    reactor.execute(
        () -> {
          q.offer(Message.of("a"));
          q.offer(Message.of("b"));
        });
    reactor.execute(() -> done.set(true));
    await().atMost(Duration.ofSeconds(5)).untilTrue(done);
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
    assertThat(q.take(0).bodyText()).isEqualTo("a");
  }

  @Test
  void anOfferFromAnotherThreadThanTheLoopWakesAtOnce() {
    MessageQueue q = queue(Long.MAX_VALUE);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread receiver = Thread.ofPlatform().start(() -> got.add(q.take(-1).bodyText()));
    awaitBlocked(receiver);
    assertThat(q.offer(Message.of("a"))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
  }

  @Test
  void withoutAReactorOffersWakeAtOnce() {
    MessageQueue q = new MessageQueue(Long.MAX_VALUE, SpClock.SYSTEM::nanoTime);
    List<String> got = new CopyOnWriteArrayList<>();
    Thread receiver = Thread.ofPlatform().start(() -> got.add(q.take(-1).bodyText()));
    awaitBlocked(receiver);
    assertThat(q.offer(Message.of("a"))).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
  }
}
