package io.sluice.systests.streams;

import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Reads with several readers of one group concurrently, one thread each. */
final class Readers {
  private Readers() {}

  /**
   * Reads until {@code out} holds {@code total} events or {@code timeout} passes; each reader runs
   * on its own thread, so a reader without segments does not slow the others down.
   */
  static <T> void drain(
      List<EventStreamReader<T>> readers, List<T> out, int total, Duration timeout) {
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (EventStreamReader<T> r : readers) {
      loops.add(
          CompletableFuture.runAsync(
              () -> {
                while (out.size() < total && System.nanoTime() < deadline) {
                  EventRead<T> e = r.readNextEvent(100);
                  if (e.getEvent() != null) {
                    out.add(e.getEvent());
                  }
                }
              }));
    }
    Awaitility.await()
        .atMost(timeout.plusSeconds(5))
        .pollInterval(50, TimeUnit.MILLISECONDS)
        .until(() -> loops.stream().allMatch(CompletableFuture::isDone));
    loops.forEach(CompletableFuture::join);
  }
}
