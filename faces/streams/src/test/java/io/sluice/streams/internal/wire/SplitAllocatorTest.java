package io.sluice.streams.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitAllocatorTest {
  private final PooledByteBufAllocator small =
      new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0, false);
  private final PooledByteBufAllocator large =
      new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0, false);
  private final SplitAllocator split = new SplitAllocator(small, large);

  @Test
  void largeRequestsComeFromTheLargePoolAndSmallOnesFromTheShared() {
    ByteBuf a = split.ioBuffer(SplitAllocator.LARGE);
    ByteBuf b = split.buffer(SplitAllocator.LARGE - 1);
    ByteBuf c = split.directBuffer(64);
    try {
      assertThat(a.alloc()).isSameAs(large);
      assertThat(b.alloc()).isSameAs(small);
      assertThat(c.alloc()).isSameAs(small);
      assertThat(a.isDirect() && b.isDirect() && c.isDirect()).isTrue();
    } finally {
      a.release();
      b.release();
      c.release();
    }
  }

  @Test
  void aBurstOfLargeBuffersLeavesNoChunkPinnedBySmallOnes() {
    List<ByteBuf> held = new ArrayList<>();
    List<ByteBuf> smallOnes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      held.add(split.ioBuffer(600 << 10));
      smallOnes.add(split.buffer(16 << (i % 8)));
    }
    long peak = large.metric().usedDirectMemory();
    held.forEach(ByteBuf::release);
    smallOnes.forEach(ByteBuf::release);
    assertThat(peak).isGreaterThanOrEqualTo(24L << 20);
    // at most the one chunk Netty keeps for an arena that never filled a quarter of it
    assertThat(large.metric().usedDirectMemory()).isLessThanOrEqualTo(4L << 20);
  }
}
