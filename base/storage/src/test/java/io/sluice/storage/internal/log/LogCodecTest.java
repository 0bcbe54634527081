package io.sluice.storage.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.FileLayer;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log's file and record framing: written by {@link LogAppender}, read by {@link LogScanner}.
 */
class LogCodecTest {
  private static final Path DIR = Path.of("/wal");
  private final MemoryFileLayer fs = new MemoryFileLayer();

  private static ByteBuffer frame(byte type, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(LogFormat.RECORD_HEADER + p.length);
    b.putInt(p.length).putInt(0).put(type).put(p).flip();
    b.putInt(4, LogFormat.checksum(new CRC32C(), b, 0, p.length));
    return b;
  }

  private List<String> scan(long from) throws Exception {
    List<String> out = new ArrayList<>();
    new LogScanner(fs, DIR, 1 << 20)
        .scan(
            from,
            (type, payload, pos, file, payloadOffset) ->
                out.add(type + ":" + StandardCharsets.UTF_8.decode(payload) + "@" + pos));
    return out;
  }

  @Test
  void fileNamesAndHeadersRoundTrip() {
    assertThat(LogFormat.fileName(1234)).isEqualTo("00000000000000001234.wal");
    assertThat(LogFormat.baseOf(Path.of("/x/00000000000000001234.wal"))).isEqualTo(1234);
    assertThat(LogFormat.baseOf(Path.of("/x/checkpoint"))).isEqualTo(-1);
    assertThat(LogFormat.checkHeader(LogFormat.header(77), 77)).isNull();
    assertThat(LogFormat.checkHeader(LogFormat.header(77), 78)).contains("does not match");
    ByteBuffer h = LogFormat.header(77);
    h.put(10, (byte) 1);
    assertThat(LogFormat.checkHeader(h, 77)).isEqualTo("bad header checksum");
  }

  @Test
  void checksumCoversLengthTypeAndPayload() {
    CRC32C crc = new CRC32C();
    ByteBuffer a = frame(RecordType.APPEND, "payload");
    int good = a.getInt(4);
    ByteBuffer b = frame(RecordType.APPEND, "payload");
    b.put(8, RecordType.SEAL);
    assertThat(LogFormat.checksum(crc, b, 0, 7)).isNotEqualTo(good);
    ByteBuffer c = frame(RecordType.APPEND, "payload");
    c.put(12, (byte) 'X');
    assertThat(LogFormat.checksum(crc, c, 0, 7)).isNotEqualTo(good);
    assertThat(LogFormat.checksum(crc, a, 0, 7)).isEqualTo(good);
  }

  @Test
  void appenderWritesWhatTheScannerReadsAcrossRolledFiles() throws Exception {
    fs.createDirectories(DIR);
    try (LogAppender log = new LogAppender(fs, DIR, 64, List.of(), null, 0, 0)) {
      for (int i = 0; i < 6; i++) {
        log.write(frame(RecordType.NOOP, "record-" + i));
        log.force();
      }
      assertThat(log.closedFiles()).hasSizeGreaterThan(1);
      assertThat(log.endPosition()).isEqualTo(6 * (LogFormat.RECORD_HEADER + 8));
    }
    List<String> all = scan(0);
    assertThat(all).hasSize(6);
    assertThat(all.get(0)).isEqualTo("1:record-0@0");
    assertThat(all.get(5)).isEqualTo("1:record-5@85");
    assertThat(scan(34)).hasSize(4).first().isEqualTo("1:record-2@34");
  }

  @Test
  void repairCutsAPartialBatchAndWritesAProbe() throws Exception {
    fs.createDirectories(DIR);
    Path file;
    try (LogAppender log = new LogAppender(fs, DIR, 1 << 20, List.of(), null, 0, 0)) {
      log.write(frame(RecordType.NOOP, "kept"));
      log.force();
      file = log.currentFile();
      // Simulate a failed batch: half a record reached the file.
      try (FileChannel ch = fs.open(file, StandardOpenOption.WRITE)) {
        ByteBuffer half = frame(RecordType.NOOP, "lost-record").limit(8);
        ch.write(half, LogFormat.FILE_HEADER + LogFormat.RECORD_HEADER + 4);
      }
      log.repair();
      log.write(frame(RecordType.NOOP, "after"));
      log.force();
    }
    assertThat(scan(0)).containsExactly("1:kept@0", "1:@13", "1:after@22");
  }

  @Test
  void gapBetweenFilesIsCorruption() throws Exception {
    fs.createDirectories(DIR);
    try (LogAppender log = new LogAppender(fs, DIR, 1 << 20, List.of(), null, 0, 0)) {
      log.write(frame(RecordType.NOOP, "a"));
      log.force();
    }
    try (LogAppender log = new LogAppender(fs, DIR, 1 << 20, List.of(), null, 500, 0)) {
      log.write(frame(RecordType.NOOP, "b"));
      log.force();
    }
    assertThatThrownBy(() -> scan(0))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining("00000000000000000500.wal");
  }

  private LogScanner.Result scanResult() throws Exception {
    return new LogScanner(fs, DIR, 1 << 20).scan(0, (type, payload, pos, file, off) -> {});
  }

  @Test
  void theAppenderFillsZerosAheadAndTheScannerStopsAtThem() throws Exception {
    fs.createDirectories(DIR);
    Path file;
    try (LogAppender log = new LogAppender(fs, DIR, 1 << 20, List.of(), null, 0, 0)) {
      log.write(frame(RecordType.NOOP, "one"));
      log.write(frame(RecordType.NOOP, "two"));
      log.force();
      file = log.currentFile();
      // No close: the zeros written ahead stay, as after a crash.
      assertThat(fs.contents(file).length).isGreaterThan(LogFormat.FILE_HEADER + 24);
    }
    assertThat(fs.contents(file).length).isEqualTo(1 << 20);
    assertThat(scan(0)).containsExactly("1:one@0", "1:two@12");
    LogScanner.Result r = scanResult();
    assertThat(r.lastOffset()).isEqualTo(LogFormat.FILE_HEADER + 24);
    // The log continues right after the records, inside the zeros.
    try (LogAppender log =
        new LogAppender(fs, DIR, 1 << 20, r.closedFiles(), r.lastFile(), 0, r.lastOffset())) {
      log.write(frame(RecordType.NOOP, "three"));
      log.force();
    }
    assertThat(scan(0)).containsExactly("1:one@0", "1:two@12", "1:three@24");
  }

  @Test
  void aRolledFileIsCutToItsRecordsAndZerosAfterThemAreNoDamage() throws Exception {
    fs.createDirectories(DIR);
    List<LogFile> closed;
    try (LogAppender log = new LogAppender(fs, DIR, 64, List.of(), null, 0, 0)) {
      for (int i = 0; i < 6; i++) {
        log.write(frame(RecordType.NOOP, "record-" + i));
        log.force();
      }
      closed = log.closedFiles();
    }
    Path first = closed.get(0).path();
    assertThat(fs.contents(first)).hasSize(LogFormat.FILE_HEADER + 2 * 17);
    // As if the cut were lost in a crash: zeros after the records of a closed file.
    try (FileChannel ch = fs.open(first, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(30), LogFormat.FILE_HEADER + 2 * 17);
    }
    assertThat(scan(0)).hasSize(6);
  }

  @Test
  void aGoodRecordAfterDamageIsCorruptionEvenWhenItEndsInZeros() throws Exception {
    fs.createDirectories(DIR);
    Path file;
    try (LogAppender log = new LogAppender(fs, DIR, 1 << 20, List.of(), null, 0, 0)) {
      log.write(frame(RecordType.NOOP, "kept"));
      log.write(frame(RecordType.NOOP, "damaged"));
      log.write(frame(RecordType.NOOP, "ends in zeros\0\0\0\0"));
      log.force();
      file = log.currentFile();
    }
    new io.sluice.storage.testing.FaultyFileLayer(fs)
        .flipByte(file, LogFormat.FILE_HEADER + 13 + LogFormat.RECORD_HEADER + 2);
    assertThatThrownBy(() -> scan(0))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining("offset " + (LogFormat.FILE_HEADER + 13));
  }

  @Test
  void aLargeRealFileIsScannedWithPrefetchAndItsTornTailCut(@TempDir Path tmp) throws Exception {
    FileLayer nio = FileLayer.nio();
    Path dir = tmp.resolve("wal");
    nio.createDirectories(dir);
    int records = 3 * MappedPrefetch.WINDOW / (64 << 10);
    Path file;
    long end;
    try (LogAppender log = new LogAppender(nio, dir, 1L << 30, List.of(), null, 0, 0)) {
      for (int i = 0; i < records; i++) {
        log.write(frame(RecordType.NOOP, ("r" + i + "-").repeat(64 << 10).substring(0, 64 << 10)));
      }
      log.force();
      file = log.currentFile();
      end = LogFormat.FILE_HEADER + log.endPosition();
    }
    try (FileChannel ch = nio.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(12).putInt(100).putInt(7).put((byte) 3).flip(), end);
    }
    List<Long> positions = new ArrayList<>();
    LogScanner.Result r =
        new LogScanner(nio, dir, 1 << 20)
            .scan(0, (type, payload, pos, f, off) -> positions.add(pos));
    assertThat(positions).hasSize(records);
    assertThat(r.lastOffset()).isEqualTo(end);
    assertThat(java.nio.file.Files.size(file)).isEqualTo(end);
  }
}
