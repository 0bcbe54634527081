package io.sluice.storage.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPoolTest {
  @Test
  void blocksAreReusedAndTheSlabsStayWithinTheCapacity() {
    BlockPool pool = new BlockPool(4096, 10);
    List<ByteBuffer> out = new ArrayList<>();
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i < 10; i++) {
        ByteBuffer b = pool.take();
        assertThat(b.isDirect()).isTrue();
        assertThat(b.capacity()).isEqualTo(4096);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(4096);
        out.add(b);
      }
      out.forEach(pool::give);
      out.clear();
    }
    assertThat(pool.madeBlocks()).isEqualTo(10);
    assertThat(pool.takes()).isEqualTo(1000);
    assertThat(pool.blocksInUse()).isZero();
    assertThat(pool.directBytes()).isEqualTo(10 * 4096L);
  }

  @Test
  void blocksPastTheCapacityAreExtraAndDroppedWhenGivenBack() {
    BlockPool pool = new BlockPool(4096, 2);
    ByteBuffer a = pool.take();
    ByteBuffer b = pool.take();
    ByteBuffer c = pool.take();
    assertThat(pool.extraBlocks()).isEqualTo(1);
    assertThat(pool.blocksInUse()).isEqualTo(3);
    pool.give(c);
    pool.give(a);
    pool.give(b);
    assertThat(pool.extraBlocks()).isZero();
    assertThat(pool.freeBlocks()).isEqualTo(2);
    assertThat(pool.blocksInUse()).isZero();
    assertThat(pool.directBytes()).isEqualTo(2 * 4096L);
  }

  @Test
  void slabBlocksDoNotOverlap() {
    BlockPool pool = new BlockPool(1024, 64);
    List<ByteBuffer> all = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      ByteBuffer b = pool.take();
      for (int k = 0; k < 1024; k++) {
        b.put(k, (byte) i);
      }
      all.add(b);
    }
    for (int i = 0; i < 64; i++) {
      for (int k = 0; k < 1024; k++) {
        assertThat(all.get(i).get(k)).isEqualTo((byte) i);
      }
    }
  }
}
