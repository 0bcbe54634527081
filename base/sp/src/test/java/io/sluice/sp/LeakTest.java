package io.sluice.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No leaks: 10,000 connect/close cycles (each a socket with its own I/O thread that connects,
 * completes its handshake and closes) leave the process's thread and file-descriptor counts flat.
 */
class LeakTest extends SpTestBase {
  static final int CYCLES = 10_000;

  @ParameterizedTest
  @EnumSource(Transport.class)
  void connectCloseCyclesLeaveThreadsAndFdsFlat(Transport t) {
    SpSocket server = open(Protocol.PULL);
    String url = server.bind(t.bindUrl()).url();
    cycles(url, 200); // warm up: JIT threads, buffer pools, class loading
    awaitPeers(server, 0);
    int fds = fdCount();
    int threads = threadCount();
    cycles(url, CYCLES);
    awaitPeers(server, 0);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(fdCount()).as("open file descriptors").isLessThanOrEqualTo(fds + 2);
              assertThat(threadCount()).as("threads").isLessThanOrEqualTo(threads + 2);
            });
  }

  private static void cycles(String url, int n) {
    for (int i = 0; i < n; i++) {
      try (SpSocket client = SpSocket.open(Protocol.PUSH, FAST.withLingerMillis(0))) {
        client.connect(url);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (client.peerCount() == 0) {
          assertThat(System.nanoTime() - deadline).as("connected within 10 s").isNegative();
          java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
      }
    }
  }

  static int fdCount() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  static int threadCount() {
    String[] tasks = new File("/proc/self/task").list();
    return tasks == null ? -1 : tasks.length;
  }
}
