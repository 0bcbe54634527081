package io.sluice.storage.internal.table;

import static io.sluice.storage.internal.table.TableFixture.b;
import static io.sluice.storage.internal.table.TableFixture.join;
import static io.sluice.storage.internal.table.TableFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.storage.ChangePage;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TableStore;
import io.sluice.storage.testing.ManualClock;
import io.sluice.storage.testing.MemoryFileLayer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Power loss in the middle of table updates: snapshots of what the disk would keep are taken while
 * writers run, and each must reopen with every acknowledged update and a consistent index.
 */
class TableCrashTest {
  private static final int WRITERS = 4;
  private static final int KEYS_PER_WRITER = 5;

  private static StorageEngine open(MemoryFileLayer fs, ManualClock clock) {
    return StorageEngine.open(
        StorageConfig.builder(Path.of("/data"))
            .fileLayer(fs)
            .clock(clock)
            .walFileSize(1 << 20)
            .maxAppendBytes(TableFixture.MAX_APPEND)
            .maxKeyBytes(TableFixture.MAX_KEY)
            .writeQueueBytes(4 << 20)
            .cacheBytes(4 << 20)
            .flushInterval(Duration.ofHours(1))
            .checkpointInterval(Duration.ofHours(1))
            .build());
  }

  /**
   * Acknowledged state just before and just after a power-loss copy: per writer key the sequence
   * acked, and CAS wins.
   */
  private record Mark(
      long[] acked, long casWins, long[] ackedAfter, long casWinsAfter, MemoryFileLayer disk) {}

  private static long[] read(AtomicLongArray a) {
    long[] out = new long[a.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i);
    }
    return out;
  }

  @Test
  void everyAcknowledgedUpdateSurvivesPowerLoss() throws Exception {
    MemoryFileLayer fs = new MemoryFileLayer();
    ManualClock clock = new ManualClock();
    AtomicLongArray acked = new AtomicLongArray(WRITERS * KEYS_PER_WRITER);
    AtomicLongArray casWins = new AtomicLongArray(1);
    List<Mark> marks = new ArrayList<>();
    try (StorageEngine e = open(fs, clock)) {
      TableStore t = e.tables();
      join(t.create("t"));
      join(t.put("t", List.of(TableEntry.notExists(b("cas"), b("0")))));
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        writers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      long seq = 0;
                      while (!stop.get()) {
                        seq++;
                        int slot = id * KEYS_PER_WRITER + (int) (seq % KEYS_PER_WRITER);
                        long mine = seq;
                        join(
                            t.put(
                                "t", List.of(TableEntry.unversioned(b("w" + slot), b("" + mine)))));
                        acked.set(slot, mine);
                        TableEntry cas = join(t.get("t", List.of(b("cas")))).get(0);
                        long n = Long.parseLong(s(cas.value()));
                        try {
                          join(
                              t.put(
                                  "t",
                                  List.of(
                                      TableEntry.versioned(
                                          b("cas"), b("" + (n + 1)), cas.version()))));
                          casWins.incrementAndGet(0);
                        } catch (StorageException x) {
                          assertThat(x.error()).isEqualTo(StorageError.BAD_KEY_VERSION);
                        }
                      }
                    }));
      }
      for (int m = 0; m < 3; m++) {
        long target = (m + 1) * 150L;
        await().atMost(Duration.ofSeconds(60)).until(() -> casWins.get(0) >= target);
        long[] before = read(acked);
        long wins = casWins.get(0);
        MemoryFileLayer disk = fs.crashCopy();
        marks.add(new Mark(before, wins, read(acked), casWins.get(0), disk));
      }
      stop.set(true);
      for (Thread w : writers) {
        w.join();
      }
    }
    for (Mark m : marks) {
      try (StorageEngine e = open(m.disk(), new ManualClock())) {
        TableStore t = e.tables();
        for (int slot = 0; slot < m.acked().length; slot++) {
          String v = TableFixture.get(t, "t", "w" + slot);
          long got = v == null ? 0 : Long.parseLong(v);
          // at most one update per key was in flight when the copy was taken
          assertThat(got)
              .as("w%d", slot)
              .isBetween(m.acked()[slot], m.acked()[slot] + KEYS_PER_WRITER);
        }
        long counter = Long.parseLong(TableFixture.get(t, "t", "cas"));
        assertThat(counter).isBetween(m.casWins(), m.casWinsAfter() + WRITERS);
        // the feed replays to exactly the recovered entries
        Map<String, String> fromFeed = new HashMap<>();
        long pos = 0;
        while (true) {
          ChangePage p = join(t.changes("t", pos, 100));
          if (p.changes().isEmpty()) {
            break;
          }
          for (TableChange c : p.changes()) {
            if (c.removed()) {
              fromFeed.remove(s(c.key()));
            } else {
              fromFeed.put(s(c.key()), s(c.value()) + "@" + c.version());
            }
          }
          pos = p.nextPosition();
        }
        assertThat(fromFeed).isEqualTo(TableFixture.dump(t, "t", 7));
        assertThat(join(t.info("t")).keyCount()).isEqualTo(fromFeed.size());
        // and it takes new conditional updates where it left off
        TableEntry cas = join(t.get("t", List.of(b("cas")))).get(0);
        join(t.put("t", List.of(TableEntry.versioned(b("cas"), b("x"), cas.version()))));
        join(t.remove("t", List.of(TableKey.unversioned(b("w0")))));
      }
    }
  }
}
