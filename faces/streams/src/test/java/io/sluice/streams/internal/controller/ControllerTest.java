package io.sluice.streams.internal.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.storage.SegmentInfo;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamConfig;
import io.sluice.streams.internal.meta.TxnState;
import io.sluice.streams.testing.ManualClock;
import io.sluice.streams.testing.MemoryStorage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final ManualClock clock = new ManualClock();
  private Controller controller = Controller.open(storage, clock, 120_000);

  @AfterEach
  void close() {
    storage.close();
  }

  private SegmentInfo info(String stream, long id) {
    return storage.info(Names.segment("sc", stream, id)).join();
  }

  private void write(String stream, long id, int n) {
    storage.append(Names.segment("sc", stream, id), ByteBuffer.allocate(n)).join();
  }

  @Test
  void scopesAndStreams() {
    StreamOps s = controller.streams();
    assertThat(s.createScope("sc")).isEqualTo(Outcome.SUCCESS);
    assertThat(s.createScope("sc")).isEqualTo(Outcome.EXISTS);
    assertThat(s.createScope("bad/name")).isEqualTo(Outcome.INVALID_NAME);
    assertThat(s.createStream("nope", "st", StreamConfig.fixed(1)))
        .isEqualTo(Outcome.SCOPE_NOT_FOUND);
    assertThat(s.createStream("sc", "st", StreamConfig.fixed(3))).isEqualTo(Outcome.SUCCESS);
    assertThat(s.createStream("sc", "st", StreamConfig.fixed(3))).isEqualTo(Outcome.EXISTS);
    assertThat(s.listStreams("sc")).containsExactly("st");
    assertThat(s.stream("sc", "_MARKst")).isNotNull();
    List<SegmentRecord> segs = s.currentSegments("sc", "st");
    assertThat(segs).hasSize(3);
    assertThat(segs.get(0).keyStart()).isZero();
    assertThat(segs.get(2).keyEnd()).isEqualTo(1.0);
    assertThat(info("st", 2).length()).isZero();
    assertThat(s.deleteScope("sc")).isEqualTo(Outcome.NOT_EMPTY);
    assertThat(s.deleteStream("sc", "st")).isEqualTo(Outcome.NOT_SEALED);
    assertThat(s.updateStream("sc", "st", StreamConfig.fixed(3).withRetention(1, 10, 0)))
        .isEqualTo(Outcome.SUCCESS);
    assertThat(s.stream("sc", "st").config().retentionType()).isEqualTo(1);
    assertThat(s.sealStream("sc", "st")).isEqualTo(Outcome.SUCCESS);
    assertThat(info("st", 0).sealed()).isTrue();
    assertThat(s.updateStream("sc", "st", StreamConfig.fixed(3))).isEqualTo(Outcome.SEALED);
    assertThat(s.deleteStream("sc", "st")).isEqualTo(Outcome.SUCCESS);
    assertThat(s.stream("sc", "_MARKst")).isNull();
    assertThat(storage.list("sc/").join()).isEmpty();
    assertThat(s.deleteScope("sc")).isEqualTo(Outcome.SUCCESS);
    assertThat(s.listScopes()).isEmpty();
  }

  @Test
  void splitAndMergeKeepSuccessorsAndPredecessors() {
    StreamOps s = controller.streams();
    s.createScope("sc");
    s.createStream("sc", "st", StreamConfig.fixed(2));
    long s0 = SegmentRecord.id(0, 0);
    long s1 = SegmentRecord.id(0, 1);
    assertThat(s.scale("sc", "st", List.of(s0), List.of(new KeyRange(0, 0.3))).outcome())
        .isEqualTo(Outcome.PRECONDITION_FAILED);
    ScaleResult split =
        s.scale("sc", "st", List.of(s0), List.of(new KeyRange(0, 0.25), new KeyRange(0.25, 0.5)));
    assertThat(split.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(split.epoch()).isEqualTo(1);
    long s2 = SegmentRecord.id(1, 2);
    long s3 = SegmentRecord.id(1, 3);
    assertThat(split.newSegments()).extracting(SegmentRecord::segmentId).containsExactly(s2, s3);
    assertThat(info("st", s0).sealed()).isTrue();
    assertThat(s.successors("sc", "st", s0).keySet())
        .extracting(SegmentRecord::segmentId)
        .containsExactly(s2, s3);
    assertThat(s.successors("sc", "st", s1)).isEmpty();
    assertThat(s.checkScale("sc", "st", 1)).isEqualTo(Outcome.SUCCESS);

    ScaleResult merge = s.scale("sc", "st", List.of(s3, s1), List.of(new KeyRange(0.25, 1.0)));
    assertThat(merge.outcome()).isEqualTo(Outcome.SUCCESS);
    long s4 = SegmentRecord.id(2, 4);
    Map<SegmentRecord, List<Long>> succ = s.successors("sc", "st", s1);
    assertThat(succ).hasSize(1);
    Map.Entry<SegmentRecord, List<Long>> e = succ.entrySet().iterator().next();
    assertThat(e.getKey().segmentId()).isEqualTo(s4);
    assertThat(e.getValue()).containsExactlyInAnyOrder(s1, s3);
    assertThat(s.currentSegments("sc", "st"))
        .extracting(SegmentRecord::segmentId)
        .containsExactly(s2, s4);
    assertThat(s.epochSegments("sc", "st", 0)).hasSize(2);
    assertThat(s.segmentsBetween("sc", "st", Map.of(), Map.of())).hasSize(5);
    assertThat(s.segmentsBetween("sc", "st", Map.of(s2, 0L, s4, 0L), Map.of()))
        .extracting(SegmentRecord::segmentId)
        .containsExactlyInAnyOrder(s2, s4);
    assertThat(s.isStreamCutValid("sc", "st", Map.of(s2, 0L, s3, 0L, s1, 0L))).isTrue();
    assertThat(s.isStreamCutValid("sc", "st", Map.of(s2, 0L, s1, 0L))).isFalse();
  }

  @Test
  void truncationDeletesEverythingBeforeTheCut() {
    StreamOps s = controller.streams();
    s.createScope("sc");
    s.createStream("sc", "st", StreamConfig.fixed(1));
    long s0 = SegmentRecord.id(0, 0);
    write("st", s0, 100);
    s.scale("sc", "st", List.of(s0), List.of(new KeyRange(0, 1)));
    long s1 = SegmentRecord.id(1, 1);
    write("st", s1, 50);
    assertThat(s.truncate("sc", "st", Map.of(s1, 20L))).isEqualTo(Outcome.SUCCESS);
    assertThat(storage.list("sc/st/").join()).containsExactly(Names.segment("sc", "st", s1));
    assertThat(info("st", s1).startOffset()).isEqualTo(20);
    assertThat(s.head("sc", "st")).containsExactly(Map.entry(s1, 20L));
    assertThat(s.truncate("sc", "st", Map.of(s0, 0L))).isEqualTo(Outcome.SUCCESS);
    assertThat(s.head("sc", "st")).containsExactly(Map.entry(s1, 20L));
  }

  @Test
  void transactionsCommitAbortAndExpire() {
    StreamOps s = controller.streams();
    TxnOps t = controller.txns();
    s.createScope("sc");
    s.createStream("sc", "st", StreamConfig.fixed(2));
    TxnCreated a = t.create("sc", "st", 10_000);
    assertThat(a.segments()).hasSize(2);
    String parent = Names.segment("sc", "st", SegmentRecord.id(0, 0));
    storage.append(Names.txnSegment(parent, a.id()), ByteBuffer.allocate(7)).join();
    assertThat(s.scale("sc", "st", List.of(0L), List.of(new KeyRange(0, 0.5))).outcome())
        .isEqualTo(Outcome.PRECONDITION_FAILED);
    assertThat(t.commit("sc", "st", a.id())).isEqualTo(Outcome.SUCCESS);
    assertThat(t.state("sc", "st", a.id())).isEqualTo(TxnState.COMMITTED);
    assertThat(storage.info(parent).join().length()).isEqualTo(7);
    assertThat(t.ping("sc", "st", a.id(), 1000)).isEqualTo(TxnOps.Ping.COMMITTED);

    TxnCreated b = t.create("sc", "st", 10_000);
    assertThat(t.abort("sc", "st", b.id())).isEqualTo(Outcome.SUCCESS);
    assertThat(t.commit("sc", "st", b.id())).isEqualTo(Outcome.PRECONDITION_FAILED);
    assertThat(storage.list(parent + "#").join()).isEmpty();

    TxnCreated c = t.create("sc", "st", 10_000);
    clock.advance(5_000);
    assertThat(t.ping("sc", "st", c.id(), 10_000)).isEqualTo(TxnOps.Ping.OK);
    assertThat(t.ping("sc", "st", c.id(), 1_000_000)).isEqualTo(TxnOps.Ping.LEASE_TOO_LARGE);
    clock.advance(9_000);
    assertThat(t.expireLeases()).isZero();
    clock.advance(2_000);
    assertThat(t.expireLeases()).isEqualTo(1);
    assertThat(t.state("sc", "st", c.id())).isEqualTo(TxnState.ABORTED);
    assertThat(t.state("sc", "st", UUID.randomUUID())).isEqualTo(TxnState.UNKNOWN);
    assertThat(t.completed("sc", "st")).hasSize(3);
  }

  @Test
  void readerGroupsAndKeyValueTables() {
    controller.streams().createScope("sc");
    ReaderGroupOps rg = controller.readerGroups();
    UUID id = UUID.randomUUID();
    assertThat(rg.create("sc", "g", id, new byte[] {1}).generation()).isZero();
    assertThat(rg.create("sc", "g", UUID.randomUUID(), new byte[] {2}).id()).isEqualTo(id);
    assertThat(controller.streams().stream("sc", "_RGg")).isNotNull();
    assertThat(rg.update("sc", "g", 0, new byte[] {3})).isEqualTo(1);
    assertThat(rg.update("sc", "g", 0, new byte[] {3})).isEqualTo(-2);
    assertThat(rg.get("sc", "g").config()).containsExactly(3);
    assertThat(rg.delete("sc", "g", id)).isEqualTo(Outcome.SUCCESS);
    assertThat(controller.streams().stream("sc", "_RGg")).isNull();

    KvtOps k = controller.kvts();
    assertThat(k.create("sc", "t", 3, 4, 0, 0)).isEqualTo(Outcome.SUCCESS);
    assertThat(k.create("sc", "t", 3, 4, 0, 0)).isEqualTo(Outcome.EXISTS);
    assertThat(k.segments("sc", "t")).hasSize(3);
    assertThat(storage.tables().info("sc/t_kvtable/2.#epoch.0").join().keyCount()).isZero();
    assertThat(k.list("sc")).containsExactly("t");
    assertThat(controller.deleteScopeRecursive("sc")).isEqualTo(Outcome.SUCCESS);
    assertThat(storage.list("sc/").join()).isEmpty();
  }

  @Test
  void retentionBySizeAndTime() {
    StreamOps s = controller.streams();
    s.createScope("sc");
    s.createStream("sc", "bysize", StreamConfig.fixed(1).withRetention(2, 100, 0));
    s.createStream("sc", "bytime", StreamConfig.fixed(1).withRetention(1, 60_000, 0));
    long s0 = SegmentRecord.id(0, 0);
    write("bysize", s0, 80);
    write("bytime", s0, 80);
    assertThat(controller.retention().apply(1000)).isZero();
    clock.advance(1000);
    write("bysize", s0, 80);
    write("bytime", s0, 80);
    assertThat(controller.retention().apply(1000)).isZero();
    clock.advance(1000);
    write("bysize", s0, 80);
    assertThat(controller.retention().apply(1000)).isEqualTo(1);
    assertThat(info("bysize", s0).startOffset()).isEqualTo(80);
    assertThat(info("bytime", s0).startOffset()).isZero();
    clock.advance(58_500);
    assertThat(controller.retention().apply(1000)).isGreaterThanOrEqualTo(1);
    assertThat(info("bytime", s0).startOffset()).isEqualTo(80);
  }

  @Test
  void metadataSurvivesReopen() {
    controller.streams().createScope("sc");
    controller.streams().createStream("sc", "st", StreamConfig.fixed(2));
    controller.streams().scale("sc", "st", List.of(0L), List.of(new KeyRange(0, 0.5)));
    controller = Controller.open(storage, clock, 120_000);
    assertThat(controller.streams().listScopes()).containsExactly("sc");
    assertThat(controller.streams().currentSegments("sc", "st")).hasSize(2);
    assertThat(controller.streams().stream("sc", "st").currentEpoch().epoch()).isEqualTo(1);
  }
}
