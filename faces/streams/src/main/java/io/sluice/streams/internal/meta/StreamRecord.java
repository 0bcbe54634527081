package io.sluice.streams.internal.meta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the controller knows about one stream: configuration, state, the history of epochs and
 * every segment that ever existed, the truncation cut and the cuts recorded for retention. One
 * record per stream keeps every change to a stream atomic. Immutable.
 *
 * @param segments every segment of the stream by id, also sealed and truncated-away ones
 * @param nextSegmentNumber the number the next new segment gets
 * @param sealedBytes bytes written to segments that are no longer current (for retention by size)
 * @param truncationCut the head of the stream (segment id to first readable offset); empty when the
 *     stream was never truncated
 */
public record StreamRecord(
    String scope,
    String name,
    StreamConfig config,
    boolean sealed,
    long creationTime,
    List<EpochRecord> epochs,
    Map<Long, SegmentRecord> segments,
    int nextSegmentNumber,
    long sealedBytes,
    Map<Long, Long> truncationCut,
    List<RetentionCut> retentionCuts) {

  private static final int FORMAT = 1;

  public StreamRecord {
    epochs = List.copyOf(epochs);
    segments = Collections.unmodifiableMap(new TreeMap<>(segments));
    truncationCut = Collections.unmodifiableMap(new TreeMap<>(truncationCut));
    retentionCuts = List.copyOf(retentionCuts);
  }

  public EpochRecord currentEpoch() {
    return epochs.get(epochs.size() - 1);
  }

  /** The segments of the current epoch, in key order. */
  public List<SegmentRecord> currentSegments() {
    return segmentsOf(currentEpoch());
  }

  /** The segments of one epoch, in key order. */
  public List<SegmentRecord> segmentsOf(EpochRecord epoch) {
    List<SegmentRecord> out = new ArrayList<>();
    for (long id : epoch.segmentIds()) {
      out.add(segments.get(id));
    }
    out.sort((a, b) -> Double.compare(a.keyStart(), b.keyStart()));
    return out;
  }

  /** The epoch with that number, or null. */
  public EpochRecord epoch(int n) {
    return n >= 0 && n < epochs.size() ? epochs.get(n) : null;
  }

  /** The head of the stream: segment id to first offset a reader should start at. */
  public Map<Long, Long> head() {
    if (!truncationCut.isEmpty()) {
      return truncationCut;
    }
    Map<Long, Long> head = new LinkedHashMap<>();
    for (long id : epochs.get(0).segmentIds()) {
      head.put(id, 0L);
    }
    return head;
  }

  /**
   * The segments immediately following {@code segmentId}, each with its predecessors; empty when
   * the segment is current (or the stream ended with it).
   */
  public Map<SegmentRecord, List<Long>> successors(long segmentId) {
    SegmentRecord seg = segments.get(segmentId);
    Map<SegmentRecord, List<Long>> out = new LinkedHashMap<>();
    if (seg == null || seg.active()) {
      return out;
    }
    EpochRecord next = epoch(seg.sealedEpoch());
    if (next == null) {
      return out;
    }
    for (SegmentRecord succ : segmentsOf(next)) {
      if (succ.creationEpoch() == seg.sealedEpoch() && succ.overlaps(seg)) {
        List<Long> preds = new ArrayList<>();
        for (SegmentRecord p : segments.values()) {
          if (p.sealedEpoch() == succ.creationEpoch() && p.overlaps(succ)) {
            preds.add(p.segmentId());
          }
        }
        out.put(succ, preds);
      }
    }
    return out;
  }

  public StreamRecord with(
      boolean sealed,
      List<EpochRecord> epochs,
      Map<Long, SegmentRecord> segments,
      int nextSegmentNumber,
      long sealedBytes) {
    return new StreamRecord(
        scope,
        name,
        config,
        sealed,
        creationTime,
        epochs,
        segments,
        nextSegmentNumber,
        sealedBytes,
        truncationCut,
        retentionCuts);
  }

  public StreamRecord withConfig(StreamConfig c) {
    return new StreamRecord(
        scope,
        name,
        c,
        sealed,
        creationTime,
        epochs,
        segments,
        nextSegmentNumber,
        sealedBytes,
        truncationCut,
        retentionCuts);
  }

  public StreamRecord withTruncation(Map<Long, Long> cut, List<RetentionCut> cuts) {
    return new StreamRecord(
        scope,
        name,
        config,
        sealed,
        creationTime,
        epochs,
        segments,
        nextSegmentNumber,
        sealedBytes,
        cut,
        cuts);
  }

  public byte[] encode() {
    Bin.Out out = new Bin.Out().i8(FORMAT).str(scope).str(name);
    config.write(out);
    out.bool(sealed).i64(creationTime).i32(epochs.size());
    epochs.forEach(e -> e.write(out));
    out.i32(segments.size());
    segments.values().forEach(s -> s.write(out));
    out.i32(nextSegmentNumber).i64(sealedBytes);
    writeCut(out, truncationCut);
    out.i32(retentionCuts.size());
    retentionCuts.forEach(c -> c.write(out));
    return out.toBytes();
  }

  public static StreamRecord decode(ByteBuffer buf) {
    Bin.In in = new Bin.In(buf);
    int format = in.i8();
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown stream record format " + format);
    }
    String scope = in.str();
    String name = in.str();
    StreamConfig config = StreamConfig.read(in);
    boolean sealed = in.bool();
    long created = in.i64();
    int ne = in.count(16);
    List<EpochRecord> epochs = new ArrayList<>(ne);
    for (int i = 0; i < ne; i++) {
      epochs.add(EpochRecord.read(in));
    }
    int ns = in.count(36);
    Map<Long, SegmentRecord> segs = new TreeMap<>();
    for (int i = 0; i < ns; i++) {
      SegmentRecord s = SegmentRecord.read(in);
      segs.put(s.segmentId(), s);
    }
    int next = in.i32();
    long sealedBytes = in.i64();
    Map<Long, Long> cut = readCut(in);
    int nc = in.count(20);
    List<RetentionCut> cuts = new ArrayList<>(nc);
    for (int i = 0; i < nc; i++) {
      cuts.add(RetentionCut.read(in));
    }
    return new StreamRecord(
        scope, name, config, sealed, created, epochs, segs, next, sealedBytes, cut, cuts);
  }

  static void writeCut(Bin.Out out, Map<Long, Long> cut) {
    out.i32(cut.size());
    cut.forEach((k, v) -> out.i64(k).i64(v));
  }

  static Map<Long, Long> readCut(Bin.In in) {
    int n = in.count(16);
    Map<Long, Long> cut = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      cut.put(in.i64(), in.i64());
    }
    return cut;
  }
}
