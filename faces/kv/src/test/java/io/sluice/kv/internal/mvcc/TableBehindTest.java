package io.sluice.kv.internal.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.TableEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The table written behind the change log holds new writes back while it lags too far. */
class TableBehindTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<CompletableFuture<Void>> puts = new ArrayList<>();
  private final List<KeyRev> applied = new ArrayList<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /** A table whose puts complete only when the test says so; batches of 100 bytes, 1000 pending. */
  private TableBehind behind() {
    ChangeLog log = new ChangeLog(null, "unused", timer); // offsets stay below a truncation
    return new TableBehind(
        entries -> {
          CompletableFuture<Void> f = new CompletableFuture<>();
          synchronized (puts) {
            puts.add(f);
          }
          return f;
        },
        log,
        timer,
        applied::add,
        0,
        100,
        1000);
  }

  private static List<TableEntry> entry(int valueBytes) {
    return List.of(
        TableEntry.unversioned(ByteBuffer.allocate(12), ByteBuffer.allocate(valueBytes)));
  }

  private CompletableFuture<Void> put(int i) {
    synchronized (puts) {
      return puts.get(i);
    }
  }

  @Test
  void writesWaitWhileTheTableLagsAndGoOnOnceItCaughtUpToHalf() {
    TableBehind b = behind();
    for (int i = 0; i < 3; i++) {
      b.add(entry(272), List.of(), 0); // 300 bytes each with key and overhead
      assertThat(b.room()).as("after " + (i + 1) + " records").isCompleted();
    }
    b.add(entry(272), List.of(), 0);
    assertThat(b.pendingBytes()).isEqualTo(1200);
    CompletableFuture<Void> room = b.room();
    assertThat(room).isNotDone();

    put(0).complete(null); // 900 pending: still above half
    assertThat(b.pendingBytes()).isEqualTo(900);
    assertThat(room).isNotDone();
    put(1).complete(null);
    put(2).complete(null); // 300 pending
    assertThat(room).isCompleted();
    assertThat(b.room()).isCompleted();
  }

  @Test
  void belowTheBoundWritesNeverWait() {
    TableBehind b = behind();
    b.add(entry(272), List.of(), 0);
    b.add(entry(272), List.of(), 0);
    assertThat(b.room()).isCompleted();
  }

  @Test
  void aTableThatFailedForGoodRefusesWaitingAndNewWrites() {
    TableBehind b = behind();
    for (int i = 0; i < 4; i++) {
      b.add(entry(272), List.of(), 0);
    }
    CompletableFuture<Void> room = b.room();
    put(0).completeExceptionally(new IllegalStateException("disk gone"));
    assertThat(room).isCompletedExceptionally();
    assertThat(b.room()).isCompletedExceptionally();
    assertThat(applied).isEmpty();
  }
}
