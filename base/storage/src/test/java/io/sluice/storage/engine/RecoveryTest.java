package io.sluice.storage.engine;

import static io.sluice.storage.engine.EngineFixture.bytes;
import static io.sluice.storage.engine.EngineFixture.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.DurableStorageEngine;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.LogScanner;
import io.sluice.storage.testing.FaultyFileLayer;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recovery after close, after a simulated power loss, with torn tails and corruption. */
class RecoveryTest {
  private static final UUID A = new UUID(7, 7);

  private MemoryFileLayer fs = new MemoryFileLayer();
  private final ManualClock clock = new ManualClock();

  private static void workload(SegmentStore s) {
    s.create("kept", Map.of(A, 1L)).join();
    s.create("sealed", Map.of()).join();
    s.create("gone", Map.of()).join();
    s.create("tx", Map.of()).join();
    s.append("kept", bytes("0123456789"), 0, List.of(AttributeUpdate.accumulate(A, 1))).join();
    s.append("sealed", bytes("abc")).join();
    s.seal("sealed").join();
    s.append("gone", bytes("zzz")).join();
    s.delete("gone").join();
    s.append("tx", bytes("-merged")).join();
    s.merge("kept", "tx").join();
    s.truncate("kept", 2).join();
  }

  private static void check(SegmentStore s) {
    SegmentInfo kept = s.info("kept").join();
    assertThat(kept.length()).isEqualTo(17);
    assertThat(kept.startOffset()).isEqualTo(2);
    assertThat(string(SegmentReadsHelper.readAll(s, "kept"))).isEqualTo("23456789-merged");
    assertThat(s.attributes("kept", List.of(A)).join()).isEqualTo(Map.of(A, 2L));
    assertThat(s.info("sealed").join().sealed()).isTrue();
    assertThat(s.list("").join()).containsExactly("kept", "sealed");
  }

  @Test
  void reopenAfterClose() {
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      workload(e.segments());
    }
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      check(e.segments());
    }
  }

  @Test
  void powerLossKeepsEverythingAcknowledged() {
    StorageEngine first = EngineFixture.open(fs, clock);
    workload(first.segments());
    fs = fs.crashCopy();
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      check(e.segments());
      e.segments().append("kept", bytes("+")).join();
    }
    first.close();
  }

  @Test
  void powerLossAfterCheckpointReplaysOnlyTheRest() throws Exception {
    StorageEngine first = EngineFixture.open(fs, clock);
    workload(first.segments());
    ((DurableStorageEngine) first).checkpointNow();
    first.segments().append("kept", bytes("!")).join();
    fs = fs.crashCopy();
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "kept")))
          .isEqualTo("23456789-merged!");
    }
    first.close();
  }

  @Test
  void replayedBytesAreReadFromTheLogThenCopiedIntoChunkFiles() throws Exception {
    StorageEngine first = EngineFixture.open(fs, clock);
    workload(first.segments());
    fs = fs.crashCopy();
    first.close();
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      DurableStorageEngine d = (DurableStorageEngine) e;
      check(e.segments());
      assertThat(d.chunkFileReads()).isPositive();
      d.flushNow();
      assertThat(e.stats().flushedBytes()).isEqualTo(17 + 3);
      d.checkpointNow();
      assertThat(e.stats().walFiles()).isEqualTo(1);
      check(e.segments());
    }
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      check(e.segments());
    }
  }

  @Test
  void secondEngineOnTheSameDirectoryIsRefused() {
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      assertThat(e.stats().writable()).isTrue();
      assertThatThrownBy(() -> EngineFixture.open(fs, clock))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("in use");
    }
  }

  private Path lastWalFile() throws Exception {
    Path wal = EngineFixture.DIR.resolve("wal");
    return fs.list(wal).stream()
        .filter(p -> LogFormat.baseOf(p) >= 0)
        .sorted()
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void tornTailOfTheLastFileIsCutAndLogged() throws Exception {
    StorageEngine first = EngineFixture.open(fs, clock);
    first.segments().create("s", Map.of()).join();
    first.segments().append("s", bytes("acked")).join();
    // One log file: its records end at this offset (zeros the appender wrote ahead may follow).
    long size = first.stats().walBytes();
    fs = fs.crashCopy();
    first.close();
    Path wal = lastWalFile();
    try (FileChannel ch = fs.open(wal, StandardOpenOption.WRITE)) {
      // A record header promising 100 bytes, followed by only 3 of them.
      ByteBuffer torn = ByteBuffer.allocate(12).putInt(100).putInt(1234).put((byte) 3);
      torn.put(new byte[] {1, 2, 3}).flip();
      ch.write(torn, size);
      ch.force(false);
    }
    try (LogCapture log = new LogCapture(LogScanner.class);
        StorageEngine e = EngineFixture.open(fs, clock)) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "s"))).isEqualTo("acked");
      assertThat(log.warnings())
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains(wal.toString())
                      .contains("offset " + size)
                      .contains("torn"));
      e.segments().append("s", bytes("+more")).join();
    }
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      assertThat(string(SegmentReadsHelper.readAll(e.segments(), "s"))).isEqualTo("acked+more");
    }
  }

  @Test
  void flippedByteBeforeTheTailFailsOpenNamingFileAndOffset() throws Exception {
    StorageEngine first = EngineFixture.open(fs, clock);
    first.segments().create("s", Map.of()).join();
    first.segments().append("s", bytes("first record")).join();
    first.segments().append("s", bytes("second record")).join();
    fs = fs.crashCopy();
    first.close();
    Path wal = lastWalFile();
    byte[] content = fs.contents(wal);
    int at = indexOf(content, "first record".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // The record that holds the flipped byte starts before it; find that record's offset.
    long recordStart = recordStartBefore(content, at);
    new FaultyFileLayer(fs).flipByte(wal, at + 3);
    assertThatThrownBy(() -> EngineFixture.open(fs, clock))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining(wal.toString())
        .hasMessageContaining("offset " + recordStart);
  }

  @Test
  void corruptionInAnEarlierLogFileFailsOpen() throws Exception {
    StorageEngine first = EngineFixture.open(fs, clock);
    first.segments().create("s", Map.of()).join();
    ByteBuffer chunk = ByteBuffer.allocate(200 << 10);
    for (int i = 0; i < 12; i++) {
      first.segments().append("s", chunk.duplicate()).join();
    }
    fs = fs.crashCopy();
    first.close();
    List<Path> files = fs.list(EngineFixture.DIR.resolve("wal")).stream().sorted().toList();
    assertThat(files.size()).isGreaterThan(1);
    new FaultyFileLayer(fs).flipByte(files.get(0), LogFormat.FILE_HEADER + 2);
    assertThatThrownBy(() -> EngineFixture.open(fs, clock))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining(files.get(0).toString())
        .hasMessageContaining("offset " + LogFormat.FILE_HEADER);
  }

  @Test
  void corruptCheckpointFailsOpen() throws Exception {
    try (StorageEngine e = EngineFixture.open(fs, clock)) {
      workload(e.segments());
    }
    Path cp = EngineFixture.DIR.resolve("checkpoint");
    new FaultyFileLayer(fs).flipByte(cp, 30);
    assertThatThrownBy(() -> EngineFixture.open(fs, clock))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CORRUPT))
        .hasMessageContaining(cp.toString());
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** Walks the records of a log file and returns the start of the one containing {@code at}. */
  private static long recordStartBefore(byte[] file, int at) {
    int p = LogFormat.FILE_HEADER;
    while (p < file.length) {
      int len = ByteBuffer.wrap(file, p, 4).getInt();
      int end = p + LogFormat.RECORD_HEADER + len;
      if (at < end) {
        return p;
      }
      p = end;
    }
    throw new AssertionError(
        "offset " + at + " is past the records: " + Arrays.toString(new int[] {p}));
  }
}
