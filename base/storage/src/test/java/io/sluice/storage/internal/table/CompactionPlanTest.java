package io.sluice.storage.internal.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionPlanTest {
  private final TableIndex index = new TableIndex(0, 1 << 20);
  private final List<TableRecord> records = new ArrayList<>();

  private static Key key(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends one update record (puts, or removals for null values) to the index and the list. */
  private void write(String... keyValues) {
    List<RecordCodec.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      String v = keyValues[i + 1];
      drafts.add(
          new RecordCodec.Draft(
              key(keyValues[i]),
              v == null ? null : ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8)),
              0));
    }
    RecordCodec.Encoded enc =
        RecordCodec.encode(index.length(), TableRecord.Kind.UPDATE, 0, 0, drafts);
    ByteBuffer b = enc.bytes();
    TableRecord decoded = RecordCodec.decode("t", b, enc.record().offset(), b.remaining(), true);
    index.apply(decoded);
    records.add(decoded);
  }

  private static List<String> keys(CompactionPlan p) {
    return p.copies().stream()
        .map(d -> new String(d.key().bytes(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void onlyEntriesTheIndexPointsAtAreCopiedWithTheirVersions() {
    write("a", "1", "b", "1");
    write("a", "2", "c", "1");
    write("b", null);
    long aVersion = index.get(key("a")).version();
    CompactionPlan p = CompactionPlan.of(records, index, 0, 0, 1 << 20);
    assertThat(keys(p)).containsExactly("a", "c");
    assertThat(p.copies().get(0).version()).isEqualTo(aVersion);
    assertThat(p.cut()).isEqualTo(records.get(2).end());
    long lastPosition = records.get(2).entries().get(0).position();
    assertThat(p.compactedThrough()).isEqualTo(lastPosition);
  }

  @Test
  void recordsAreTakenWhileTheirLiveEntriesFitInOneAppend() {
    String big = "x".repeat(400);
    write("a", big);
    write("b", big);
    write("c", big);
    int oneEntry = (int) RecordCodec.entrySize(1, 400);
    // room for two live entries after the record header
    int limit = RecordCodec.HEADER_BYTES + 2 * oneEntry;
    CompactionPlan p = CompactionPlan.of(records, index, 0, 0, limit);
    assertThat(keys(p)).containsExactly("a", "b");
    assertThat(p.cut()).isEqualTo(records.get(1).end());
    // a dead record costs nothing to take
    write("a", "small");
    CompactionPlan q = CompactionPlan.of(records, index, 0, 0, limit);
    assertThat(keys(q)).containsExactly("b", "c");
    assertThat(q.cut()).isEqualTo(records.get(2).end());
  }

  @Test
  void theFirstRecordIsAlwaysTaken() {
    write("a", "x".repeat(100));
    CompactionPlan p = CompactionPlan.of(records, index, 0, 7, 10);
    assertThat(keys(p)).containsExactly("a");
    assertThat(p.cut()).isEqualTo(records.get(0).end());
    assertThat(p.compactedThrough()).isEqualTo(records.get(0).entries().get(0).position());
  }
}
