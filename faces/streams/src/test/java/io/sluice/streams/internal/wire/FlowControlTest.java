package io.sluice.streams.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FlowControlTest {
  @Test
  void aConnectionStopsReadingAboveItsOwnHighMarkAndResumesBelowItsLowMark() {
    EmbeddedChannel ch = new EmbeddedChannel();
    FlowControl flow = new FlowControl(ch, 100, 40, new FlowBudget(1_000, 500));
    flow.add(80);
    assertThat(ch.config().isAutoRead()).isTrue();
    flow.add(30);
    assertThat(ch.config().isAutoRead()).isFalse();
    flow.remove(50);
    assertThat(ch.config().isAutoRead()).isFalse();
    flow.remove(30);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void connectionsPausedByTheNodeWideBudgetResumeWhenItDrains() {
    FlowBudget budget = new FlowBudget(100, 50);
    EmbeddedChannel a = new EmbeddedChannel();
    EmbeddedChannel b = new EmbeddedChannel();
    FlowControl fa = new FlowControl(a, 1_000, 10, budget);
    FlowControl fb = new FlowControl(b, 1_000, 10, budget);
    fa.add(60);
    assertThat(a.config().isAutoRead()).isTrue();
    fb.add(60); // total 120 > 100: b pauses; a has not added since
    assertThat(b.config().isAutoRead()).isFalse();
    fa.add(1); // a adds while the total is over: it pauses too
    assertThat(a.config().isAutoRead()).isFalse();
    fb.remove(60); // total 61: still above the low mark
    b.runPendingTasks();
    a.runPendingTasks();
    assertThat(a.config().isAutoRead()).isFalse();
    assertThat(b.config().isAutoRead()).isFalse();
    fa.remove(20); // total 41 < 50: both may resume (b holds nothing; a holds 41 > its low 10)
    a.runPendingTasks();
    b.runPendingTasks();
    assertThat(b.config().isAutoRead()).isTrue();
    assertThat(a.config().isAutoRead()).isFalse();
    fa.remove(41);
    a.runPendingTasks();
    assertThat(a.config().isAutoRead()).isTrue();
    assertThat(budget.outstanding()).isZero();
  }
}
