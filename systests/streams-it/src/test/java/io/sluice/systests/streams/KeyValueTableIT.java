package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.admin.KeyValueTableManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.tables.ConditionalTableUpdateException;
import io.pravega.client.tables.Insert;
import io.pravega.client.tables.KeyValueTable;
import io.pravega.client.tables.KeyValueTableClientConfiguration;
import io.pravega.client.tables.KeyValueTableConfiguration;
import io.pravega.client.tables.Put;
import io.pravega.client.tables.Remove;
import io.pravega.client.tables.TableEntry;
import io.pravega.client.tables.TableKey;
import io.pravega.client.tables.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 5: key-value tables through the Pravega KeyValueTable API. */
class KeyValueTableIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("kv");
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ByteBuffer b(int v) {
    return ByteBuffer.allocate(4).putInt(0, v);
  }

  private static TableKey key(int pk, int sk) {
    return new TableKey(b(pk), b(sk));
  }

  private static Throwable cause(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  @Test
  void conditionalUpdatesMultiKeyUpdatesAndIterators() {
    try (KeyValueTableManager m = KeyValueTableManager.create(fixture.clientConfig())) {
      assertThat(
              m.createKeyValueTable(
                  "kv",
                  "table",
                  KeyValueTableConfiguration.builder()
                      .partitionCount(3)
                      .primaryKeyLength(4)
                      .secondaryKeyLength(4)
                      .build()))
          .isTrue();
      List<String> names = new ArrayList<>();
      m.listKeyValueTables("kv").forEachRemaining(i -> names.add(i.getKeyValueTableName()));
      assertThat(names).containsExactly("table");
    }
    try (KeyValueTableFactory f = KeyValueTableFactory.withScope("kv", fixture.clientConfig());
        KeyValueTable t =
            f.forKeyValueTable("table", KeyValueTableClientConfiguration.builder().build())) {
      Version v1 = t.update(new Put(key(1, 1), b(10))).join();
      assertThat(t.get(key(1, 1)).join().getValue()).isEqualTo(b(10));
      assertThat(t.exists(key(9, 9)).join()).isFalse();
      assertThat(t.get(key(9, 9)).join()).isNull();

      assertThatThrownBy(() -> t.update(new Insert(key(1, 1), b(11))).join())
          .satisfies(e -> assertThat(cause(e)).isInstanceOf(ConditionalTableUpdateException.class));
      Version v2 = t.update(new Put(key(1, 1), b(12), v1)).join();
      assertThatThrownBy(() -> t.update(new Put(key(1, 1), b(13), v1)).join())
          .satisfies(e -> assertThat(cause(e)).isInstanceOf(ConditionalTableUpdateException.class));
      assertThatThrownBy(() -> t.update(new Remove(key(1, 1), v1)).join())
          .satisfies(e -> assertThat(cause(e)).isInstanceOf(ConditionalTableUpdateException.class));
      t.update(new Remove(key(1, 1), v2)).join();
      assertThat(t.exists(key(1, 1)).join()).isFalse();

      // several keys of one primary key (one partition) in one atomic update
      List<Version> vs =
          t.update(
                  List.of(
                      new Insert(key(5, 1), b(51)),
                      new Insert(key(5, 2), b(52)),
                      new Put(key(5, 3), b(53))))
              .join();
      assertThat(vs).hasSize(3);
      assertThatThrownBy(
              () ->
                  t.update(List.of(new Put(key(5, 4), b(54)), new Insert(key(5, 1), b(0)))).join())
          .satisfies(e -> assertThat(cause(e)).isInstanceOf(ConditionalTableUpdateException.class));
      assertThat(t.exists(key(5, 4)).join()).isFalse();
      for (int pk = 10; pk < 20; pk++) {
        t.update(new Put(key(pk, 0), b(pk))).join();
      }
      List<TableEntry> all = t.getAll(List.of(key(5, 1), key(5, 2), key(5, 3), key(7, 7))).join();
      assertThat(all.get(3)).isNull();
      assertThat(all.get(2).getValue()).isEqualTo(b(53));

      List<TableKey> inFive = new ArrayList<>();
      t.iterator()
          .maxIterationSize(2)
          .forPrimaryKey(b(5))
          .keys()
          .collectRemaining(item -> inFive.addAll(item.getItems()))
          .join();
      assertThat(inFive).containsExactly(key(5, 1), key(5, 2), key(5, 3));

      List<TableEntry> everything = new ArrayList<>();
      t.iterator()
          .maxIterationSize(4)
          .all()
          .entries()
          .collectRemaining(item -> everything.addAll(item.getItems()))
          .join();
      assertThat(everything).hasSize(13);
    }
    try (KeyValueTableManager m = KeyValueTableManager.create(fixture.clientConfig())) {
      assertThat(m.deleteKeyValueTable("kv", "table")).isTrue();
    }
  }
}
