package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded runs of bursts of pipelined updates, with appends held back and failing at random, checked
 * against a model that applies the same calls one by one in submission order: every outcome (and
 * the final state, also after recovery) must be what the model says.
 */
class TablePipelineModelTest {
  private record Call(boolean remove, List<String> keys, List<Long> conditions, String value) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void outcomesMatchSequentialExecution(long seed) {
    Random r = new Random(seed);
    MemorySegmentBackend backend = new MemorySegmentBackend();
    TableSegments tables = TableFixture.open(backend, TableCompactionTest.SMALL);
    join(tables.create("t"));
    List<Call> calls = new ArrayList<>();
    List<CompletableFuture<?>> futures = new ArrayList<>();
    int injected = 0;
    for (int burst = 0; burst < 60; burst++) {
      boolean hold = r.nextBoolean();
      if (hold) {
        backend.pauseAppends();
      }
      int n = 1 + r.nextInt(20);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(25) == 0) {
          backend.failNextAppend(StorageError.BACKPRESSURE, false);
          injected++;
        }
        Call c = randomCall(r, calls.size());
        calls.add(c);
        futures.add(submit(tables, c));
      }
      if (hold) {
        backend.resumeAppends();
      }
    }
    Map<String, String> model = new TreeMap<>();
    int faults = 0;
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      Throwable error = futures.get(i).handle((v, e) -> e).join();
      StorageException se = error == null ? null : StorageException.unwrap(error);
      if (se != null && se.error() == StorageError.BACKPRESSURE) {
        faults++;
        continue; // an injected failure: the call did not happen
      }
      int failing = firstFailing(model, c);
      if (failing >= 0) {
        assertThat(se).as("call %d %s", i, c).isNotNull();
        assertThat(se.error()).isEqualTo(StorageError.BAD_KEY_VERSION);
        assertThat(se.context()).isEqualTo(failing);
        continue;
      }
      assertThat(error).as("call %d %s", i, c).isNull();
      for (String k : c.keys()) {
        if (c.remove()) {
          model.remove(k);
        } else {
          model.put(k, c.value());
        }
      }
    }
    assertThat(faults).isLessThanOrEqualTo(injected);
    Map<String, String> values = new TreeMap<>();
    TableFixture.dump(tables, "t", 9).forEach((k, v) -> values.put(k, v.split("@")[0]));
    assertThat(values).isEqualTo(model);
    tables.close();
    try (TableSegments again = TableFixture.open(backend, TableCompactionTest.SMALL)) {
      Map<String, String> recovered = new TreeMap<>();
      TableFixture.dump(again, "t", 9).forEach((k, v) -> recovered.put(k, v.split("@")[0]));
      assertThat(recovered).isEqualTo(model);
    }
  }

  private static Call randomCall(Random r, int id) {
    int n = 1 + r.nextInt(3);
    List<String> keys = new ArrayList<>();
    List<Long> conditions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add("k" + r.nextInt(12));
      conditions.add(r.nextInt(3) == 0 ? TableKey.NOT_EXISTS : TableKey.NO_VERSION);
    }
    return new Call(r.nextInt(4) == 0, keys, conditions, "v" + id);
  }

  private static CompletableFuture<?> submit(TableSegments tables, Call c) {
    if (c.remove()) {
      List<TableKey> keys = new ArrayList<>();
      for (int i = 0; i < c.keys().size(); i++) {
        keys.add(new TableKey(b(c.keys().get(i)), c.conditions().get(i)));
      }
      return tables.remove("t", keys);
    }
    List<TableEntry> entries = new ArrayList<>();
    for (int i = 0; i < c.keys().size(); i++) {
      entries.add(new TableEntry(b(c.keys().get(i)), b(c.value()), c.conditions().get(i)));
    }
    return tables.put("t", entries);
  }

  /** The index of the first entry whose condition fails against the model, or -1. */
  private static int firstFailing(Map<String, String> model, Call c) {
    Map<String, String> local = new TreeMap<>(model);
    for (int i = 0; i < c.keys().size(); i++) {
      String k = c.keys().get(i);
      if (c.conditions().get(i) == TableKey.NOT_EXISTS && local.containsKey(k)) {
        return i;
      }
      if (c.remove()) {
        local.remove(k);
      } else {
        local.put(k, c.value());
      }
    }
    return -1;
  }
}
