package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.fails;
import static io.sluice.storage.internal.table.TableFixture.get;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.put;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableInfo;
import io.sluice.storage.TableKey;
import io.sluice.storage.TablePage;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableSegmentsTest {
  private MemorySegmentBackend backend;
  private TableSegments tables;

  @BeforeEach
  void setUp() {
    backend = new MemorySegmentBackend();
    tables = TableFixture.open(backend);
    join(tables.create("t"));
  }

  @AfterEach
  void tearDown() {
    tables.close();
  }

  @Test
  void putThenGetReturnsValuesAndVersions() {
    List<Long> v =
        join(
            tables.put(
                "t",
                List.of(
                    TableEntry.unversioned(b("a"), b("1")),
                    TableEntry.unversioned(b("b"), b("2")))));
    assertThat(v).hasSize(2);
    assertThat(v.get(0)).isPositive();
    assertThat(v.get(1)).isGreaterThan(v.get(0));
    List<TableEntry> got = join(tables.get("t", List.of(b("b"), b("zz"), b("a"))));
    assertThat(s(got.get(0).value())).isEqualTo("2");
    assertThat(got.get(0).version()).isEqualTo(v.get(1));
    assertThat(got.get(1)).isNull();
    assertThat(s(got.get(2).key())).isEqualTo("a");
    assertThat(got.get(2).version()).isEqualTo(v.get(0));
    assertThat(backend.info("t").join().type()).isEqualTo(SegmentType.TABLE);
  }

  @Test
  void versionsAreUniqueAndGrowAcrossCalls() {
    long last = 0;
    for (int i = 0; i < 50; i++) {
      long v = put(tables, "t", "k" + (i % 3), "v" + i);
      assertThat(v).isGreaterThan(last);
      last = v;
    }
    assertThat(get(tables, "t", "k1")).isEqualTo("v49");
    TableInfo info = join(tables.info("t"));
    assertThat(info).isEqualTo(new TableInfo("t", 3, last));
  }

  @Test
  void emptyKeysAndValuesWork() {
    long v = put(tables, "t", "", "");
    assertThat(get(tables, "t", "")).isEqualTo("");
    assertThat(join(tables.keys("t", null, 10)).items()).containsExactly(new TableKey(b(""), v));
  }

  @Test
  void createTwiceOrOverAPlainSegmentFails() {
    fails(tables.create("t"), StorageError.SEGMENT_EXISTS);
    join(backend.create("plain", Map.of()));
    fails(tables.create("plain"), StorageError.SEGMENT_EXISTS);
  }

  @Test
  void everyOperationOnAnUnknownTableFailsNotFoundAndOnAPlainSegmentWrongType() {
    join(backend.create("plain", Map.of()));
    for (String name : List.of("missing", "plain")) {
      StorageError e =
          name.equals("plain") ? StorageError.WRONG_SEGMENT_TYPE : StorageError.SEGMENT_NOT_FOUND;
      for (Function<String, CompletableFuture<?>> op : operations()) {
        fails(op.apply(name), e);
      }
    }
  }

  private List<Function<String, CompletableFuture<?>>> operations() {
    return List.of(
        n -> tables.put(n, List.of(TableEntry.unversioned(b("k"), b("v")))),
        n -> tables.remove(n, List.of(TableKey.unversioned(b("k")))),
        n -> tables.get(n, List.of(b("k"))),
        n -> tables.keys(n, null, 10),
        n -> tables.entries(n, null, 10),
        n -> tables.changes(n, 0, 10),
        n -> tables.info(n),
        n -> tables.delete(n, false));
  }

  @Test
  void conditionalPutsFollowTheirVersions() {
    long v1 = join(tables.put("t", List.of(TableEntry.notExists(b("k"), b("1"))))).get(0);
    StorageException e =
        fails(
            tables.put("t", List.of(TableEntry.notExists(b("k"), b("again")))),
            StorageError.BAD_KEY_VERSION);
    assertThat(e.context()).isZero();
    long v2 = join(tables.put("t", List.of(TableEntry.versioned(b("k"), b("2"), v1)))).get(0);
    fails(
        tables.put("t", List.of(TableEntry.versioned(b("k"), b("stale"), v1))),
        StorageError.BAD_KEY_VERSION);
    fails(
        tables.put("t", List.of(TableEntry.versioned(b("absent"), b("x"), v1))),
        StorageError.BAD_KEY_VERSION);
    assertThat(get(tables, "t", "k")).isEqualTo("2");
    assertThat(join(tables.get("t", List.of(b("k")))).get(0).version()).isEqualTo(v2);
  }

  @Test
  void aFailingEntryFailsTheWholeBatchWithItsIndex() {
    long va = put(tables, "t", "a", "old-a");
    put(tables, "t", "b", "old-b");
    long appends = backend.appendCount();
    StorageException e =
        fails(
            tables.put(
                "t",
                List.of(
                    TableEntry.versioned(b("a"), b("new-a"), va),
                    TableEntry.unversioned(b("c"), b("new-c")),
                    TableEntry.notExists(b("b"), b("new-b")))),
            StorageError.BAD_KEY_VERSION);
    assertThat(e.context()).isEqualTo(2);
    assertThat(get(tables, "t", "a")).isEqualTo("old-a");
    assertThat(get(tables, "t", "c")).isNull();
    assertThat(backend.appendCount()).isEqualTo(appends);
    StorageException r =
        fails(
            tables.remove("t", List.of(TableKey.unversioned(b("a")), new TableKey(b("b"), va))),
            StorageError.BAD_KEY_VERSION);
    assertThat(r.context()).isEqualTo(1);
    assertThat(get(tables, "t", "a")).isEqualTo("old-a");
  }

  @Test
  void aBatchSeesItsOwnEarlierEntries() {
    List<Long> v =
        join(
            tables.put(
                "t",
                List.of(
                    TableEntry.notExists(b("k"), b("1")), TableEntry.unversioned(b("k"), b("2")))));
    assertThat(v.get(1)).isGreaterThan(v.get(0));
    assertThat(join(tables.get("t", List.of(b("k")))).get(0).version()).isEqualTo(v.get(1));
    assertThat(get(tables, "t", "k")).isEqualTo("2");
    assertThat(join(tables.info("t")).keyCount()).isEqualTo(1);
  }

  @Test
  void removesAreConditionalAndAbsentUnconditionalKeysAreNoOps() {
    long v = put(tables, "t", "k", "v");
    long appends = backend.appendCount();
    join(tables.remove("t", List.of(TableKey.unversioned(b("absent")))));
    join(tables.remove("t", List.of(new TableKey(b("absent"), TableKey.NOT_EXISTS))));
    assertThat(backend.appendCount()).isEqualTo(appends);
    fails(tables.remove("t", List.of(new TableKey(b("k"), v + 1))), StorageError.BAD_KEY_VERSION);
    fails(
        tables.remove("t", List.of(new TableKey(b("k"), TableKey.NOT_EXISTS))),
        StorageError.BAD_KEY_VERSION);
    fails(tables.remove("t", List.of(new TableKey(b("absent"), v))), StorageError.BAD_KEY_VERSION);
    join(tables.remove("t", List.of(new TableKey(b("k"), v))));
    assertThat(get(tables, "t", "k")).isNull();
    assertThat(join(tables.info("t")).keyCount()).isZero();
    assertThat(join(tables.info("t")).lastVersion()).isGreaterThan(v);
  }

  @Test
  void badArgumentsAreRefused() {
    String big = "x".repeat(TableFixture.MAX_KEY + 1);
    fails(
        tables.put("t", List.of(TableEntry.unversioned(b(big), b("v")))),
        StorageError.INVALID_ARGUMENT);
    fails(tables.get("t", List.of(b(big))), StorageError.INVALID_ARGUMENT);
    fails(tables.remove("t", List.of(TableKey.unversioned(b(big)))), StorageError.INVALID_ARGUMENT);
    ByteBuffer huge = ByteBuffer.allocate(TableFixture.MAX_APPEND);
    fails(
        tables.put("t", List.of(TableEntry.unversioned(b("k"), huge))),
        StorageError.INVALID_ARGUMENT);
    List<TableEntry> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(
          TableEntry.unversioned(b("k" + i), ByteBuffer.allocate(TableFixture.MAX_APPEND / 16)));
    }
    fails(tables.put("t", many), StorageError.INVALID_ARGUMENT);
    fails(tables.put("t", null), StorageError.INVALID_ARGUMENT);
    fails(tables.put(null, List.of()), StorageError.INVALID_ARGUMENT);
    fails(tables.keys("t", null, 0), StorageError.INVALID_ARGUMENT);
    fails(tables.entries("t", b("garbage"), 10), StorageError.INVALID_ARGUMENT);
    fails(tables.keys("t", ByteBuffer.allocate(0), 10), StorageError.INVALID_ARGUMENT);
    fails(tables.changes("t", -1, 10), StorageError.INVALID_ARGUMENT);
    fails(tables.changes("t", 0, 0), StorageError.INVALID_ARGUMENT);
    // the largest entry that fits is accepted
    int room =
        TableFixture.MAX_APPEND - RecordCodec.HEADER_BYTES - RecordCodec.ENTRY_HEADER_BYTES - 1;
    join(tables.put("t", List.of(TableEntry.unversioned(b("k"), ByteBuffer.allocate(room)))));
    assertThat(join(tables.get("t", List.of(b("k")))).get(0).value().remaining()).isEqualTo(room);
    assertThat(join(tables.put("t", List.of()))).isEmpty();
  }

  @Test
  void keysAndEntriesPageInUnsignedKeyOrder() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(new byte[] {(byte) (i * 37), (byte) i});
    }
    List<TableEntry> entries = new ArrayList<>();
    for (byte[] k : keys) {
      entries.add(TableEntry.unversioned(ByteBuffer.wrap(k), ByteBuffer.wrap(k)));
    }
    List<Long> versions = join(tables.put("t", entries));
    keys.sort(Arrays::compareUnsigned);
    List<byte[]> seenKeys = new ArrayList<>();
    ByteBuffer cont = null;
    int pages = 0;
    do {
      TablePage<TableKey> page = join(tables.keys("t", cont, 7));
      assertThat(page.items().size()).isLessThanOrEqualTo(7);
      for (TableKey k : page.items()) {
        byte[] a = new byte[k.key().remaining()];
        k.key().duplicate().get(a);
        seenKeys.add(a);
        assertThat(versions).contains(k.version());
      }
      cont = page.continuation();
      pages++;
    } while (cont != null);
    assertThat(pages).isEqualTo(15);
    assertThat(seenKeys).containsExactlyElementsOf(keys);
    List<byte[]> seenValues = new ArrayList<>();
    cont = null;
    do {
      TablePage<TableEntry> page = join(tables.entries("t", cont, 9));
      for (TableEntry e : page.items()) {
        byte[] a = new byte[e.value().remaining()];
        e.value().duplicate().get(a);
        seenValues.add(a);
      }
      cont = page.continuation();
    } while (cont != null);
    assertThat(seenValues).containsExactlyElementsOf(keys);
    TablePage<TableKey> all = join(tables.keys("t", null, 1000));
    assertThat(all.items()).hasSize(100);
    assertThat(all.continuation()).isNull();
  }

  @Test
  void aCallerMadeTokenStartsAtAKeyInclusive() {
    for (String k : List.of("a", "b", "ba", "c")) {
      put(tables, "t", k, k);
    }
    ByteBuffer from = ByteBuffer.allocate(2).put((byte) 2).put((byte) 'b').flip();
    assertThat(join(tables.keys("t", from, 10)).items().stream().map(k -> s(k.key())))
        .containsExactly("b", "ba", "c");
    ByteBuffer after = ByteBuffer.allocate(2).put((byte) 1).put((byte) 'b').flip();
    assertThat(join(tables.entries("t", after, 10)).items().stream().map(e -> s(e.key())))
        .containsExactly("ba", "c");
    ByteBuffer bad = ByteBuffer.allocate(2).put((byte) 3).put((byte) 'b').flip();
    fails(tables.keys("t", bad, 10), StorageError.INVALID_ARGUMENT);
  }

  @Test
  void emptyTableHasEmptyPagesAndInfo() {
    assertThat(join(tables.keys("t", null, 5))).isEqualTo(new TablePage<>(List.of(), null));
    assertThat(join(tables.info("t"))).isEqualTo(new TableInfo("t", 0, 0));
    assertThat(join(tables.changes("t", 0, 5)).changes()).isEmpty();
  }

  @Test
  void deleteHonoursMustBeEmptyAndForgetsTheTable() {
    put(tables, "t", "k", "v");
    fails(tables.delete("t", true), StorageError.TABLE_NOT_EMPTY);
    assertThat(get(tables, "t", "k")).isEqualTo("v");
    join(tables.delete("t", false));
    for (Function<String, CompletableFuture<?>> op : operations()) {
      fails(op.apply("t"), StorageError.SEGMENT_NOT_FOUND);
    }
    assertThat(join(backend.list(""))).doesNotContain("t");
    join(tables.create("t"));
    assertThat(get(tables, "t", "k")).isNull();
    join(tables.delete("t", true));
  }

  @Test
  void closedStoreRefusesWork() {
    tables.close();
    fails(tables.put("t", List.of(TableEntry.unversioned(b("k"), b("v")))), StorageError.CLOSED);
    fails(tables.get("t", List.of(b("k"))), StorageError.CLOSED);
    fails(tables.create("u"), StorageError.CLOSED);
  }

  @Test
  void valuesReadInSmallChunksAreWhole() {
    MemorySegmentBackend chunky = new MemorySegmentBackend(5);
    try (TableSegments t = TableFixture.open(chunky)) {
      join(t.create("c"));
      String value = "0123456789".repeat(50);
      put(t, "c", "k", value);
      assertThat(get(t, "c", "k")).isEqualTo(value);
      assertThat(TableFixture.dump(t, "c", 10)).containsOnlyKeys("k");
      assertThat(join(t.changes("c", 0, 10)).changes()).hasSize(1);
    }
  }
}
