package io.sluice.sp;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens a context per test and closes everything the test opened. */
abstract class SpTestBase {
  static final SocketOptions FAST = SocketOptions.defaults().withReconnect(20, 200);

  SpContext ctx;
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void openContext() {
    ctx = SpContext.create();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    ctx.close();
  }

  SpSocket open(Protocol p) {
    return open(p, FAST);
  }

  SpSocket open(Protocol p, SocketOptions o) {
    SpSocket s = ctx.open(p, o);
    closeables.add(s);
    return s;
  }

  SpSocket openRaw(Protocol p) {
    return openRaw(p, FAST);
  }

  SpSocket openRaw(Protocol p, SocketOptions o) {
    SpSocket s = ctx.openRaw(p, o);
    closeables.add(s);
    return s;
  }

  static void awaitPeers(SpSocket s, int n) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> s.peerCount() == n);
  }

  static Message msg(String text) {
    return Message.of(text);
  }
}
