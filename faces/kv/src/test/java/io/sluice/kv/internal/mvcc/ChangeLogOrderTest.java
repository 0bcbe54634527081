package io.sluice.kv.internal.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames reach the log in the order they were written even when the storage engine refuses one with
 * BACKPRESSURE: the frames behind a refused one wait for its retry.
 */
class ChangeLogOrderTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<Integer> landed = new ArrayList<>(); // frame sizes in log order
  private final AtomicInteger refusals = new AtomicInteger(2); // refuse the first two attempts

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** An engine that refuses the first attempts and queues the rest, recording their order. */
  private SegmentStore engine() {
    return (SegmentStore)
        Proxy.newProxyInstance(
            SegmentStore.class.getClassLoader(),
            new Class<?>[] {SegmentStore.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("append")) {
                throw new UnsupportedOperationException(method.getName());
              }
              if (refusals.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(
                    new StorageException(StorageError.BACKPRESSURE, "queue full"));
              }
              synchronized (landed) {
                landed.add(((ByteBuffer) args[1]).remaining());
                return CompletableFuture.completedFuture((long) landed.size());
              }
            });
  }

  /** One entry of a zero table key and a zero record of {@code recordBytes}. */
  private static List<ByteBuffer> entry(int recordBytes) {
    ByteBuffer b = ByteBuffer.allocate(ChangeLog.ENTRY_HEADER + recordBytes);
    b.putInt(ChangeLog.ENTRY_HEADER - 4, recordBytes);
    return List.of(b);
  }

  private static CompletableFuture<Long> appendNow(ChangeLog log, List<ByteBuffer> entries) {
    WriteCoalescer.Submission<Long> s = log.append(entries);
    s.issue().run();
    return s.done();
  }

  @Test
  void aRefusedFrameKeepsItsPlaceAndTheOnesBehindItWait() {
    ChangeLog log = new ChangeLog(engine(), "log", timer);
    CompletableFuture<Long> first = appendNow(log, entry(10));
    CompletableFuture<Long> second = appendNow(log, entry(20));
    CompletableFuture<Long> third = appendNow(log, entry(30));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> third.isDone());
    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    int header = 8 + 16; // frame header, entry header
    assertThat(landed).containsExactly(header + 10, header + 20, header + 30);
  }
}
