package io.sluice.kv.internal.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes durable only in the change log (the table written behind never got them) are recovered,
 * written to the table, and readable; compacted revisions are not brought back from the log.
 */
class ChangeLogRecoveryTest {
  static final long NEVER = 3_600_000;

  @TempDir Path dir;
  ScheduledExecutorService timer;
  StorageEngine engine;

  @BeforeEach
  void start() {
    timer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    timer.shutdownNow();
  }

  MvccStorage open(long delayMillis) {
    engine = StorageEngine.open(StorageConfig.builder(dir).build());
    MvccStorage s =
        new MvccStorage(engine.segments(), engine.tables(), "t", "log", timer, delayMillis);
    s.createIfMissing();
    return s;
  }

  void restart() {
    engine.close();
    engine = null;
  }

  static KeyRev put(String key, long rev, String value) {
    return new KeyRev(
        ByteString.copyFromUtf8(key), rev, 0, rev, 1, 0, false, ByteString.copyFromUtf8(value));
  }

  static final class Collected implements MvccStorage.Visitor {
    final List<KeyRev> changes = new ArrayList<>();
    long compactRev = -1;

    @Override
    public void change(KeyRev kr) {
      changes.add(kr);
    }

    @Override
    public void lease(long id, long ttlSeconds, long deadlineMillis) {}

    @Override
    public void identity(long memberId, long clusterId) {}

    @Override
    public void compaction(long compactRev, long revisionAtCompaction) {
      this.compactRev = compactRev;
    }
  }

  @Test
  void changesOnlyInTheLogAreRecoveredAndReadable() {
    MvccStorage s = open(NEVER);
    for (long rev = 1; rev <= 50; rev++) {
      s.writeChanges(List.of(put("k" + rev % 7, rev, "v" + rev)), 1).join();
    }
    restart();

    s = open(NEVER);
    Collected c = new Collected();
    s.recover(c);
    assertThat(c.changes).extracting(KeyRev::modRev).containsExactlyElementsOf(revs(1, 50));
    assertThat(c.changes).allSatisfy(kr -> assertThat(kr.cachedValue()).isNull());
    List<ByteString> values = s.values(c.changes).join();
    assertThat(values.get(0).toStringUtf8()).isEqualTo("v1");
    assertThat(values.get(49).toStringUtf8()).isEqualTo("v50");
    restart();

    // the replay wrote them to the table: a second recovery sees each change once
    s = open(NEVER);
    Collected again = new Collected();
    s.recover(again);
    assertThat(again.changes).extracting(KeyRev::modRev).containsExactlyElementsOf(revs(1, 50));
  }

  @Test
  void tableAndLogOverlapWithoutDuplicates() {
    MvccStorage s = open(NEVER);
    for (long rev = 1; rev <= 10; rev++) {
      s.writeChanges(List.of(put("a", rev, "v" + rev)), 1).join();
    }
    s.tableCaughtUp().join();
    for (long rev = 11; rev <= 20; rev++) {
      s.writeChanges(List.of(put("a", rev, "v" + rev)), 1).join();
    }
    restart();

    s = open(NEVER);
    Collected c = new Collected();
    s.recover(c);
    assertThat(c.changes).extracting(KeyRev::modRev).containsExactlyElementsOf(revs(1, 20));
  }

  @Test
  void compactedRevisionsAreNotReplayed() {
    MvccStorage s = open(NEVER);
    List<KeyRev> written = new ArrayList<>();
    for (long rev = 1; rev <= 10; rev++) {
      KeyRev kr = put("a", rev, "v" + rev);
      written.add(kr);
      s.writeChanges(List.of(kr), 1).join();
    }
    // what KvEngine.compact does at revision 9: table caught up, compaction recorded, old removed
    s.tableCaughtUp().join();
    s.putMeta('C', 9, 10).join();
    s.removeChanges(written.subList(0, 8)).join();
    restart();

    s = open(NEVER);
    Collected c = new Collected();
    s.recover(c);
    assertThat(c.compactRev).isEqualTo(9);
    assertThat(c.changes).extracting(KeyRev::modRev).containsExactly(9L, 10L);
  }

  @Test
  void tableIsWrittenBehindAndValuesLeaveTheCacheOnlyThen() {
    MvccStorage s = open(0);
    List<KeyRev> applied = new ArrayList<>();
    s.setAppliedListener(
        kr -> {
          synchronized (applied) {
            applied.add(kr);
          }
        });
    for (long rev = 1; rev <= 20; rev++) {
      s.writeChanges(List.of(put("b", rev, "v" + rev)), 1).join();
    }
    s.tableCaughtUp().join();
    synchronized (applied) {
      assertThat(applied).extracting(KeyRev::modRev).containsExactlyElementsOf(revs(1, 20));
    }
  }

  static List<Long> revs(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long r = from; r <= to; r++) {
      out.add(r);
    }
    return out;
  }
}
