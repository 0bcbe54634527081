package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SegmentNamesTest {
  @Test
  void segmentIdsAndNames() {
    long id = SegmentNames.segmentId(7, 3);
    assertThat(id).isEqualTo((3L << 32) | 7);
    assertThat(SegmentNames.epoch(id)).isEqualTo(3);
    assertThat(SegmentNames.number(id)).isEqualTo(7);
    assertThat(SegmentNames.streamSegment("sc", "st", id)).isEqualTo("sc/st/7.#epoch.3");
    assertThat(SegmentNames.tableSegment("sc", "kv", 0)).isEqualTo("sc/kv_kvtable/0.#epoch.0");
    assertThat(SegmentNames.readerGroupStream("g")).isEqualTo("_RGg");
    assertThat(SegmentNames.markStream("st")).isEqualTo("_MARKst");
  }

  @Test
  void parsesWhatItFormats() {
    assertThat(SegmentNames.parse("sc/st/7.#epoch.3"))
        .contains(new SegmentNames.Parsed("sc", "st", SegmentNames.segmentId(7, 3)));
    assertThat(SegmentNames.parse("sc/st/5")).contains(new SegmentNames.Parsed("sc", "st", 5));
    assertThat(SegmentNames.parse("sc/st")).isEmpty();
    assertThat(SegmentNames.parse("sc/st/x.#epoch.1")).isEmpty();
    assertThat(SegmentNames.parse("sc/st/-1")).isEmpty();
  }

  @Test
  void transactionAndTransientSegments() {
    UUID txn = new UUID(0x1234L, 0xabcdL);
    String t = SegmentNames.transactionSegment("sc/st/0.#epoch.0", txn);
    assertThat(t).isEqualTo("sc/st/0.#epoch.0#transaction.0000000000001234000000000000abcd");
    assertThat(SegmentNames.parentOf(t)).contains("sc/st/0.#epoch.0");
    assertThat(SegmentNames.parse(t)).contains(new SegmentNames.Parsed("sc", "st", 0));
    String tr = SegmentNames.transientSegment("sc/st/1.#epoch.0", txn, new UUID(1, 2));
    assertThat(tr)
        .endsWith(
            "#transient.0000000000001234000000000000abcd" + "00000000000000010000000000000002");
    assertThat(SegmentNames.parentOf(tr)).contains("sc/st/1.#epoch.0");
    assertThat(SegmentNames.parentOf("sc/st/1.#epoch.0#transaction.12")).isEmpty();
  }
}
