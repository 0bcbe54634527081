package io.sluice.bench.pravega;

import io.pravega.client.stream.EventStreamWriter;
import java.time.Duration;

/**
 * Start-up to the first accepted write: from launching a server process to the acknowledgement of
 * one event written by a fresh client (scope, a one-segment stream, a writer, one event).
 */
final class Startup {
  /** Starts a server process. */
  interface Launcher {
    Server start() throws Exception;
  }

  /**
   * A started server, its client, how long until the process said it was ready and until the first
   * write was accepted.
   */
  record Started(Server server, BenchClient client, Duration toReady, Duration toFirstWrite) {}

  private Startup() {}

  static Started measure(Launcher launcher) throws Exception {
    long t0 = System.nanoTime();
    Server server = launcher.start();
    Duration toReady = Duration.ofNanos(System.nanoTime() - t0);
    BenchClient client = null;
    try {
      client = new BenchClient(server.controller());
      client.createStream("startup", 1);
      try (EventStreamWriter<byte[]> w = client.writer("startup")) {
        w.writeEvent("k", new byte[100]).join();
      }
      return new Started(server, client, toReady, Duration.ofNanos(System.nanoTime() - t0));
    } catch (Exception | Error e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }
}
