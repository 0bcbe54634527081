package io.sluice.storage.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static Key key(String s) {
    return Key.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static ByteBuffer value(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static TableRecord decode(ByteBuffer b, long offset) {
    int length = RecordCodec.peekLength("t", b, offset, b.remaining(), 1 << 20);
    return RecordCodec.decode("t", b, offset, length, true);
  }

  @Test
  void updateRecordsRoundTripWithPositionsAsVersions() {
    RecordCodec.Encoded enc =
        RecordCodec.encode(
            1000,
            TableRecord.Kind.UPDATE,
            0,
            0,
            List.of(
                new RecordCodec.Draft(key("a"), value("one"), 0),
                new RecordCodec.Draft(key("bb"), null, 0),
                new RecordCodec.Draft(key(""), value(""), 0)));
    ByteBuffer bytes = enc.bytes();
    assertThat(bytes.remaining())
        .isEqualTo(RecordCodec.HEADER_BYTES + 3 * RecordCodec.ENTRY_HEADER_BYTES + 1 + 3 + 2);
    TableRecord r = decode(bytes.duplicate(), 1000);
    assertThat(r.kind()).isEqualTo(TableRecord.Kind.UPDATE);
    assertThat(r.end()).isEqualTo(1000 + bytes.remaining());
    assertThat(r.entries()).hasSize(3);
    RecordEntry a = r.entries().get(0);
    assertThat(a.position()).isEqualTo(1000 + RecordCodec.HEADER_BYTES);
    assertThat(a.version()).isEqualTo(a.position());
    assertThat(StandardCharsets.UTF_8.decode(a.value()).toString()).isEqualTo("one");
    assertThat(r.entries().get(1).removal()).isTrue();
    assertThat(r.entries().get(1).position())
        .isEqualTo(a.position() + RecordCodec.ENTRY_HEADER_BYTES + 1 + 3);
    for (int i = 0; i < 3; i++) {
      assertThat(r.entries().get(i).position()).isEqualTo(enc.record().entries().get(i).position());
    }
  }

  @Test
  void compactionRecordsKeepCopiedVersions() {
    RecordCodec.Encoded enc =
        RecordCodec.encode(
            5000,
            TableRecord.Kind.COMPACTION,
            4000,
            3990,
            List.of(new RecordCodec.Draft(key("k"), value("v"), 77)));
    TableRecord r = decode(enc.bytes().duplicate(), 5000);
    assertThat(r.kind()).isEqualTo(TableRecord.Kind.COMPACTION);
    assertThat(r.cut()).isEqualTo(4000);
    assertThat(r.compactedThrough()).isEqualTo(3990);
    assertThat(r.entries().get(0).version()).isEqualTo(77);
    assertThat(r.entries().get(0).copy()).isTrue();
  }

  @Test
  void malformedRecordsAreCorruptNamingTableAndOffset() {
    ByteBuffer good =
        RecordCodec.encode(
                40,
                TableRecord.Kind.UPDATE,
                0,
                0,
                List.of(new RecordCodec.Draft(key("k"), value("value"), 0)))
            .bytes();
    // bad magic
    ByteBuffer m = copy(good);
    m.putInt(0, 0x12345678);
    assertCorrupt(() -> decode(m, 40), "offset 40");
    // a length beyond what is present
    ByteBuffer l = copy(good);
    l.putInt(4, Integer.MAX_VALUE);
    assertCorrupt(() -> decode(l, 40), "out of bounds");
    // a flipped payload bit breaks the checksum
    ByteBuffer c = copy(good);
    c.put(c.limit() - 1, (byte) (c.get(c.limit() - 1) ^ 1));
    assertCorrupt(() -> decode(c, 40), "checksum");
    // a version that is not the position
    ByteBuffer v = copy(good);
    v.putLong(RecordCodec.HEADER_BYTES + 9, 41);
    fixCrc(v);
    assertCorrupt(() -> decode(v, 40), "bad version");
    // a key length running past the record
    ByteBuffer k = copy(good);
    k.putInt(RecordCodec.HEADER_BYTES + 1, 1 << 30);
    fixCrc(k);
    assertCorrupt(() -> decode(k, 40), "out of bounds");
  }

  @Test
  void randomDamageNeverEscapesAsAnythingButCorrupt() {
    ByteBuffer good =
        RecordCodec.encode(
                100,
                TableRecord.Kind.UPDATE,
                0,
                0,
                List.of(
                    new RecordCodec.Draft(key("alpha"), value("1"), 0),
                    new RecordCodec.Draft(key("beta"), null, 0)))
            .bytes();
    Random r = new Random(42);
    for (int i = 0; i < 5000; i++) {
      ByteBuffer b = copy(good);
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        b.put(r.nextInt(b.limit()), (byte) r.nextInt(256));
      }
      if (r.nextBoolean()) {
        fixCrc(b); // get past the checksum to reach the structural checks
      }
      try {
        decode(b, 100);
      } catch (StorageException e) {
        assertThat(e.error()).isEqualTo(StorageError.CORRUPT);
      }
    }
  }

  private static void assertCorrupt(Runnable r, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining("'t'")
        .hasMessageContaining(message);
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }

  private static void fixCrc(ByteBuffer b) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b.array(), 12, b.limit() - 12);
    b.putInt(8, (int) crc.getValue());
  }
}
