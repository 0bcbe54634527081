package io.sluice.streams.internal.meta;

import java.util.Map;

/**
 * A stream cut recorded at the tail for retention: when it was taken, how many bytes the stream had
 * written in total up to it, and the cut itself (segment id to offset). Immutable.
 */
public record RetentionCut(long time, long size, Map<Long, Long> cut) {
  public RetentionCut {
    cut = Map.copyOf(cut);
  }

  void write(Bin.Out out) {
    out.i64(time).i64(size);
    StreamRecord.writeCut(out, cut);
  }

  static RetentionCut read(Bin.In in) {
    return new RetentionCut(in.i64(), in.i64(), StreamRecord.readCut(in));
  }
}
