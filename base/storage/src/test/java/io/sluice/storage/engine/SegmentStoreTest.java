package io.sluice.storage.engine;

import static io.sluice.storage.engine.EngineFixture.bytes;
import static io.sluice.storage.engine.EngineFixture.failure;
import static io.sluice.storage.engine.EngineFixture.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.internal.DurableStorageEngine;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every {@link SegmentStore} operation and its error codes, on a memory file system. */
class SegmentStoreTest {
  private static final UUID A = new UUID(1, 1);
  private static final UUID B = new UUID(1, 2);

  private final MemoryFileLayer fs = new MemoryFileLayer();
  private final ManualClock clock = new ManualClock();
  private StorageEngine engine;
  private SegmentStore s;

  @BeforeEach
  void open() {
    engine = EngineFixture.open(fs, clock);
    s = engine.segments();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void createInfoAndExists() {
    SegmentInfo info = s.create("seg", Map.of(A, 7L)).join();
    assertThat(info)
        .isEqualTo(
            new SegmentInfo("seg", SegmentType.PLAIN, 0, 0, false, clock.currentTimeMillis()));
    assertThat(s.attributes("seg", List.of(A, B)).join()).isEqualTo(Map.of(A, 7L));
    assertThat(failure(s.create("seg", Map.of())).error()).isEqualTo(StorageError.SEGMENT_EXISTS);
    assertThat(failure(s.info("nope")).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    assertThat(failure(s.create("", Map.of())).error()).isEqualTo(StorageError.INVALID_ARGUMENT);
  }

  @Test
  void appendsReturnLengthsAndConditionalAppendsCheckIt() {
    s.create("seg", Map.of()).join();
    assertThat(s.append("seg", bytes("abc")).join()).isEqualTo(3);
    assertThat(s.append("seg", bytes("de"), 3, List.of()).join()).isEqualTo(5);
    var bad = failure(s.append("seg", bytes("x"), 3, List.of()));
    assertThat(bad.error()).isEqualTo(StorageError.BAD_OFFSET);
    assertThat(bad.context()).isEqualTo(5);
    assertThat(failure(s.append("nope", bytes("x"))).error())
        .isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    ByteBuffer big = ByteBuffer.allocate(engine.config().maxAppendBytes() + 1);
    assertThat(failure(s.append("seg", big)).error()).isEqualTo(StorageError.INVALID_ARGUMENT);
    assertThat(string(s.read("seg", 0, 100, Duration.ZERO).join().data())).isEqualTo("abcde");
  }

  @Test
  void pipelinedConditionalAppendsSeeEachOther() {
    s.create("seg", Map.of()).join();
    CompletableFuture<Long> a = s.append("seg", bytes("aa"), 0, List.of());
    CompletableFuture<Long> b = s.append("seg", bytes("bb"), 2, List.of());
    CompletableFuture<Long> c = s.append("seg", bytes("cc"), 2, List.of());
    assertThat(a.join()).isEqualTo(2);
    assertThat(b.join()).isEqualTo(4);
    assertThat(failure(c).context()).isEqualTo(4);
  }

  @Test
  void attributeUpdatesAreAllOrNothingAndAtomicWithAppends() {
    s.create("seg", Map.of()).join();
    s.append(
            "seg",
            bytes("x"),
            SegmentStore.ANY_LENGTH,
            List.of(AttributeUpdate.replace(A, 1), AttributeUpdate.accumulate(B, 5)))
        .join();
    assertThat(s.attributes("seg", List.of(A, B)).join()).isEqualTo(Map.of(A, 1L, B, 5L));
    var cas =
        failure(
            s.append(
                "seg",
                bytes("y"),
                SegmentStore.ANY_LENGTH,
                List.of(
                    AttributeUpdate.accumulate(B, 1), AttributeUpdate.replaceIfEquals(A, 2, 9))));
    assertThat(cas.error()).isEqualTo(StorageError.BAD_ATTRIBUTE_UPDATE);
    assertThat(s.info("seg").join().length()).isEqualTo(1);
    assertThat(s.attributes("seg", List.of(A, B)).join()).isEqualTo(Map.of(A, 1L, B, 5L));
    s.updateAttributes("seg", List.of(AttributeUpdate.replaceIfEquals(A, 2, 1))).join();
    assertThat(
            failure(s.updateAttributes("seg", List.of(AttributeUpdate.replaceIfGreater(A, 2))))
                .error())
        .isEqualTo(StorageError.BAD_ATTRIBUTE_UPDATE);
    s.updateAttributes("seg", List.of(AttributeUpdate.replaceIfGreater(A, 3))).join();
    UUID c = new UUID(2, 2);
    s.updateAttributes(
            "seg", List.of(AttributeUpdate.replaceIfEquals(c, 1, AttributeUpdate.NULL_VALUE)))
        .join();
    assertThat(
            failure(
                    s.updateAttributes(
                        "seg",
                        List.of(AttributeUpdate.replaceIfEquals(c, 2, AttributeUpdate.NULL_VALUE))))
                .error())
        .isEqualTo(StorageError.BAD_ATTRIBUTE_UPDATE);
    s.updateAttributes("seg", List.of(AttributeUpdate.replace(B, AttributeUpdate.NULL_VALUE)))
        .join();
    assertThat(s.attributes("seg", List.of(A, B, c)).join()).isEqualTo(Map.of(A, 3L, c, 1L));
  }

  @Test
  void concurrentCompareAndSetCounterLosesNoIncrement() throws Exception {
    s.create("ctr", Map.of(A, 0L)).join();
    int threads = 4;
    int perThread = 50;
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    int done = 0;
                    while (done < perThread) {
                      long v = s.attributes("ctr", List.of(A)).join().get(A);
                      try {
                        s.updateAttributes(
                                "ctr", List.of(AttributeUpdate.replaceIfEquals(A, v + 1, v)))
                            .join();
                        done++;
                      } catch (RuntimeException e) {
                        assertThat(failure(CompletableFuture.failedFuture(e)).error())
                            .isEqualTo(StorageError.BAD_ATTRIBUTE_UPDATE);
                      }
                    }
                  });
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(s.attributes("ctr", List.of(A)).join().get(A)).isEqualTo((long) threads * perThread);
  }

  @Test
  void readsAndTheirErrors() {
    s.create("seg", Map.of()).join();
    s.append("seg", bytes("0123456789")).join();
    ReadResult r = s.read("seg", 3, 4, Duration.ZERO).join();
    assertThat(r.offset()).isEqualTo(3);
    assertThat(string(r.data())).isEqualTo("3456");
    assertThat(r.segmentLength()).isEqualTo(10);
    assertThat(r.endOfSegment()).isFalse();
    // The bytes are the caller's own copy: changing them changes nothing stored.
    r.data().put(0, (byte) 'x');
    assertThat(string(s.read("seg", 3, 4, Duration.ZERO).join().data())).isEqualTo("3456");
    var past = failure(s.read("seg", 11, 4, Duration.ZERO));
    assertThat(past.error()).isEqualTo(StorageError.BAD_OFFSET);
    assertThat(past.context()).isEqualTo(10);
    ReadResult tail = s.read("seg", 10, 4, Duration.ZERO).join();
    assertThat(tail.data().remaining()).isZero();
    assertThat(tail.endOfSegment()).isFalse();
    assertThat(failure(s.read("nope", 0, 1, Duration.ZERO)).error())
        .isEqualTo(StorageError.SEGMENT_NOT_FOUND);
  }

  @Test
  void readsSpanningManyAppendsAreGathered() {
    s.create("seg", Map.of()).join();
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      String piece = "record-" + i + ";";
      all.append(piece);
      s.append("seg", bytes(piece));
    }
    s.append("seg", bytes("")).join();
    StringBuilder back = new StringBuilder();
    long off = 0;
    while (off < all.length()) {
      ReadResult r = s.read("seg", off, 10_000, Duration.ZERO).join();
      back.append(string(r.data()));
      off += r.data().remaining();
    }
    assertThat(back.toString()).isEqualTo(all.toString());
  }

  @Test
  void tailReadWaitsForDataWithoutAThread() {
    s.create("seg", Map.of()).join();
    CompletableFuture<ReadResult> r = s.read("seg", 0, 100, Duration.ofMinutes(1));
    assertThat(r).isNotDone();
    s.append("seg", bytes("late")).join();
    await().until(r::isDone);
    assertThat(string(r.join().data())).isEqualTo("late");
  }

  @Test
  void tailReadTimesOutEmptyOnTheClock() {
    s.create("seg", Map.of()).join();
    CompletableFuture<ReadResult> r = s.read("seg", 0, 100, Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(r).isNotDone();
    clock.advance(Duration.ofSeconds(2));
    await().until(r::isDone);
    assertThat(r.join().data().remaining()).isZero();
    assertThat(r.join().endOfSegment()).isFalse();
  }

  @Test
  void tailReadEndsOnSealAndFailsOnDelete() {
    s.create("a", Map.of()).join();
    s.create("b", Map.of()).join();
    CompletableFuture<ReadResult> ra = s.read("a", 0, 100, Duration.ofMinutes(1));
    CompletableFuture<ReadResult> rb = s.read("b", 0, 100, Duration.ofMinutes(1));
    assertThat(s.seal("a").join()).isZero();
    await().until(ra::isDone);
    assertThat(ra.join().endOfSegment()).isTrue();
    s.delete("b").join();
    await().until(rb::isDone);
    assertThat(failure(rb).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
  }

  @Test
  void sealRefusesAppendsButNotAttributes() {
    s.create("seg", Map.of()).join();
    s.append("seg", bytes("abc")).join();
    assertThat(s.seal("seg").join()).isEqualTo(3);
    assertThat(failure(s.seal("seg")).error()).isEqualTo(StorageError.SEGMENT_SEALED);
    assertThat(failure(s.append("seg", bytes("x"))).error()).isEqualTo(StorageError.SEGMENT_SEALED);
    s.updateAttributes("seg", List.of(AttributeUpdate.replace(A, 1))).join();
    assertThat(s.info("seg").join().sealed()).isTrue();
    ReadResult r = s.read("seg", 0, 100, Duration.ofMinutes(1)).join();
    assertThat(string(r.data())).isEqualTo("abc");
    assertThat(r.endOfSegment()).isTrue();
    assertThat(s.read("seg", 3, 10, Duration.ofMinutes(1)).join().endOfSegment()).isTrue();
  }

  @Test
  void truncateMovesTheStartOffset() {
    s.create("seg", Map.of()).join();
    s.append("seg", bytes("0123456789")).join();
    s.truncate("seg", 4).join();
    s.truncate("seg", 2).join();
    assertThat(s.info("seg").join().startOffset()).isEqualTo(4);
    var before = failure(s.read("seg", 3, 1, Duration.ZERO));
    assertThat(before.error()).isEqualTo(StorageError.SEGMENT_TRUNCATED);
    assertThat(string(s.read("seg", 4, 100, Duration.ZERO).join().data())).isEqualTo("456789");
    assertThat(failure(s.truncate("seg", 11)).error()).isEqualTo(StorageError.BAD_OFFSET);
    s.truncate("seg", 10).join();
    assertThat(s.append("seg", bytes("z")).join()).isEqualTo(11);
    assertThat(string(s.read("seg", 10, 5, Duration.ZERO).join().data())).isEqualTo("z");
  }

  @Test
  void deleteRemovesAndFreesTheName() {
    s.create("seg", Map.of()).join();
    s.append("seg", bytes("abc")).join();
    s.delete("seg").join();
    assertThat(failure(s.info("seg")).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    assertThat(failure(s.delete("seg")).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    s.create("seg", Map.of()).join();
    assertThat(s.info("seg").join().length()).isZero();
  }

  @Test
  void mergeMovesTheSourceAtomicallyAndSealsIt() {
    s.create("t", Map.of()).join();
    s.create("src", Map.of()).join();
    s.append("t", bytes("head-")).join();
    s.append("src", bytes("tail")).join();
    assertThat(s.merge("t", "src").join()).isEqualTo(9);
    assertThat(failure(s.info("src")).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    assertThat(string(s.read("t", 0, 100, Duration.ZERO).join().data())).startsWith("head-");
    assertThat(string(SegmentReadsHelper.readAll(s, "t"))).isEqualTo("head-tail");
    assertThat(s.append("t", bytes("!")).join()).isEqualTo(10);
    assertThat(string(SegmentReadsHelper.readAll(s, "t"))).isEqualTo("head-tail!");
  }

  @Test
  void mergeErrors() {
    s.create("t", Map.of()).join();
    s.create("src", Map.of()).join();
    s.append("src", bytes("0123")).join();
    assertThat(failure(s.merge("t", "t")).error()).isEqualTo(StorageError.INVALID_ARGUMENT);
    assertThat(failure(s.merge("t", "nope")).error()).isEqualTo(StorageError.SEGMENT_NOT_FOUND);
    s.truncate("src", 1).join();
    assertThat(failure(s.merge("t", "src")).error()).isEqualTo(StorageError.SEGMENT_TRUNCATED);
    s.create("sealed", Map.of()).join();
    s.seal("sealed").join();
    assertThat(failure(s.merge("sealed", "t")).error()).isEqualTo(StorageError.SEGMENT_SEALED);
  }

  @Test
  void listByPrefixIncludesTables() {
    s.create("a/1", Map.of()).join();
    s.create("a/2", Map.of()).join();
    s.create("b/1", Map.of()).join();
    engine.tables().create("a/table").join();
    assertThat(s.list("a/").join()).containsExactly("a/1", "a/2", "a/table");
    assertThat(s.list("").join()).hasSize(4);
  }

  @Test
  void plainStoreRefusesTableSegments() {
    engine.tables().create("tbl").join();
    assertThat(failure(s.append("tbl", bytes("x"))).error())
        .isEqualTo(StorageError.WRONG_SEGMENT_TYPE);
    assertThat(failure(s.read("tbl", 0, 1, Duration.ZERO)).error())
        .isEqualTo(StorageError.WRONG_SEGMENT_TYPE);
    assertThat(failure(s.info("tbl")).error()).isEqualTo(StorageError.WRONG_SEGMENT_TYPE);
    assertThat(failure(s.delete("tbl")).error()).isEqualTo(StorageError.WRONG_SEGMENT_TYPE);
    assertThat(failure(s.seal("tbl")).error()).isEqualTo(StorageError.WRONG_SEGMENT_TYPE);
    assertThat(failure(s.create("tbl", Map.of())).error()).isEqualTo(StorageError.SEGMENT_EXISTS);
    var backend = ((DurableStorageEngine) engine).backend();
    assertThat(backend.info("tbl").join().type()).isEqualTo(SegmentType.TABLE);
  }

  @Test
  void closedEngineRefusesWrites() {
    s.create("seg", Map.of()).join();
    engine.close();
    assertThat(failure(s.append("seg", bytes("x"))).error()).isEqualTo(StorageError.CLOSED);
  }
}
