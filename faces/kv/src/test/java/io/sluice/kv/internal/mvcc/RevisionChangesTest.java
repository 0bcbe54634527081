package io.sluice.kv.internal.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RevisionChangesTest {
  private static KeyRev change(long rev, int sub) {
    return new KeyRev(ByteString.copyFromUtf8("k" + sub), rev, sub, rev, 1, 0, false, null);
  }

  private static List<KeyRev> all(RevisionChanges c, long from, long to) {
    List<KeyRev> out = new ArrayList<>();
    c.forEach(from, to, out::add);
    return out;
  }

  @Test
  void keepsRevisionOrderAndTheOrderWithinARevision() {
    RevisionChanges c = new RevisionChanges();
    KeyRev a = change(5, 0);
    KeyRev b = change(5, 1);
    KeyRev d = change(7, 0);
    KeyRev early = change(3, 0);
    c.add(a);
    c.add(b);
    c.add(d);
    c.add(early); // below the ring's first revision
    assertThat(all(c, 0, 100)).containsExactly(early, a, b, d);
    assertThat(all(c, 5, 5)).containsExactly(a, b);
    assertThat(all(c, 6, 6)).isEmpty();
    assertThat(all(c, 8, 7)).isEmpty();
    assertThat(c.size()).isEqualTo(3);
  }

  @Test
  void dropsPrefixesAndKeepsGoing() {
    RevisionChanges c = new RevisionChanges();
    for (long r = 1; r <= 5000; r++) {
      c.add(change(r, 0));
    }
    c.dropBelow(4990);
    assertThat(c.size()).isEqualTo(11);
    assertThat(all(c, 0, 10_000)).extracting(KeyRev::modRev).first().isEqualTo(4990L);
    c.dropBelow(6000);
    assertThat(c.size()).isZero();
    c.add(change(6001, 0));
    assertThat(all(c, 0, 10_000)).extracting(KeyRev::modRev).containsExactly(6001L);
  }

  @Test
  void matchesASortedMapUnderRandomAddsGapsAndCompactions() {
    SplittableRandom rnd = new SplittableRandom(42);
    RevisionChanges c = new RevisionChanges();
    TreeMap<Long, List<KeyRev>> ref = new TreeMap<>();
    long rev = 1;
    long compacted = 0;
    for (int i = 0; i < 20_000; i++) {
      int what = rnd.nextInt(100);
      long at;
      if (what < 80) {
        at = ++rev;
      } else if (what < 85) {
        rev += 1 + rnd.nextInt(200_000); // a large gap
        at = rev;
      } else if (what < 95) {
        at = Math.max(compacted, rev - rnd.nextInt(50)); // same or an older revision
      } else {
        compacted = Math.max(compacted, rev - rnd.nextInt(3000));
        c.dropBelow(compacted);
        ref.headMap(compacted, false).clear();
        continue;
      }
      KeyRev kr = change(at, ref.getOrDefault(at, List.of()).size());
      c.add(kr);
      ref.computeIfAbsent(at, r -> new ArrayList<>()).add(kr);
    }
    List<KeyRev> expected = new ArrayList<>();
    ref.values().forEach(expected::addAll);
    assertThat(all(c, 0, Long.MAX_VALUE - 1)).containsExactlyElementsOf(expected);
    assertThat(c.size()).isEqualTo(ref.size());
    long from = compacted + 100;
    List<KeyRev> part = new ArrayList<>();
    ref.subMap(from, true, from + 5000, true).values().forEach(part::addAll);
    assertThat(all(c, from, from + 5000)).containsExactlyElementsOf(part);
  }
}
