package io.sluice.kv.internal.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Operations take their place in line when their batch is picked, not when they are sent: a
 * submitter may send later (after releasing its locks), and batches picked by completions on
 * different threads keep their order.
 */
class WriteCoalescerTest {
  private final List<List<Integer>> placed = new ArrayList<>();
  private final List<List<Integer>> sent = new ArrayList<>();
  private final List<CompletableFuture<Integer>> operations = new ArrayList<>();

  private Supplier<CompletableFuture<Integer>> place(List<Integer> items) {
    List<Integer> copy = List.copyOf(items);
    placed.add(copy);
    return () -> {
      sent.add(copy);
      CompletableFuture<Integer> f = new CompletableFuture<>();
      operations.add(f);
      return f;
    };
  }

  @Test
  void aWriteIsPlacedWhenSubmittedAndSentOnlyWhenIssued() {
    WriteCoalescer<Integer, Integer> c = new WriteCoalescer<>(this::place, i -> 1, 2, 100);
    WriteCoalescer.Submission<Integer> a = c.submit(List.of(1));
    WriteCoalescer.Submission<Integer> b = c.submit(List.of(2));
    assertThat(placed).containsExactly(List.of(1), List.of(2));
    assertThat(sent).isEmpty();
    b.issue().run();
    a.issue().run();
    assertThat(sent).containsExactly(List.of(2), List.of(1)); // sent late; the order was fixed
  }

  @Test
  void waitingWritesAreMergedAndPlacedInOrderByTheCompletions() {
    WriteCoalescer<Integer, Integer> c = new WriteCoalescer<>(this::place, i -> 1, 2, 100);
    WriteCoalescer.Submission<Integer> a = c.submit(List.of(1));
    WriteCoalescer.Submission<Integer> b = c.submit(List.of(2));
    WriteCoalescer.Submission<Integer> w1 = c.submit(List.of(3));
    WriteCoalescer.Submission<Integer> w2 = c.submit(List.of(4));
    a.issue().run();
    b.issue().run();
    w1.issue().run(); // waiting writes have nothing to send themselves
    w2.issue().run();
    assertThat(sent).containsExactly(List.of(1), List.of(2));
    assertThat(w1.done()).isSameAs(w2.done());
    operations.get(1).complete(20); // the second operation completes first: it picks the batch
    assertThat(placed).containsExactly(List.of(1), List.of(2), List.of(3, 4));
    assertThat(b.done()).isCompletedWithValue(20);
    assertThat(a.done()).isNotDone();
    operations.get(0).complete(10);
    operations.get(2).complete(30);
    assertThat(a.done()).isCompletedWithValue(10);
    assertThat(w1.done()).isCompletedWithValue(30);
  }

  @Test
  void aFailedOperationFailsItsWritesAndTheNextBatchStillGoes() {
    WriteCoalescer<Integer, Integer> c = new WriteCoalescer<>(this::place, i -> 1, 1, 100);
    WriteCoalescer.Submission<Integer> a = c.submit(List.of(1));
    a.issue().run();
    WriteCoalescer.Submission<Integer> b = c.submit(List.of(2));
    operations.get(0).completeExceptionally(new IllegalStateException("disk"));
    assertThat(a.done()).isCompletedExceptionally();
    assertThat(sent).containsExactly(List.of(1), List.of(2));
    operations.get(1).complete(2);
    assertThat(b.done()).isCompletedWithValue(2);
  }
}
