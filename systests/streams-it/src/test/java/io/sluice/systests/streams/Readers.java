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

  /** The same, started on a thread of its own; the future completes when reading is done. */
  static <T> CompletableFuture<Void> drainAsync(
      List<EventStreamReader<T>> readers, List<T> out, int total, Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                drain(readers, out, total, timeout);
                done.complete(null);
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
              }
            },
            "drain");
    t.setDaemon(true);
    t.start();
    return done;
  }

  /**
   * Reads until {@code out} holds {@code total} events or {@code timeout} passes; each reader runs
   * on its own thread, so a reader without segments does not slow the others down.
   */
  static <T> void drain(
      List<EventStreamReader<T>> readers, List<T> out, int total, Duration timeout) {
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (EventStreamReader<T> r : readers) {
      // a thread of its own each (the common pool may have a single worker on small machines)
      CompletableFuture<Void> loop = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  while (out.size() < total && System.nanoTime() < deadline) {
                    EventRead<T> e = r.readNextEvent(100);
                    if (e.getEvent() != null) {
                      out.add(e.getEvent());
                    }
                  }
                  loop.complete(null);
                } catch (RuntimeException e) {
                  loop.completeExceptionally(e);
                }
              },
              "reader-loop");
      t.setDaemon(true);
      t.start();
      loops.add(loop);
    }
    Awaitility.await()
        .atMost(timeout.plusSeconds(5))
        .pollInterval(50, TimeUnit.MILLISECONDS)
        .until(() -> loops.stream().allMatch(CompletableFuture::isDone));
    loops.forEach(CompletableFuture::join);
  }
}
