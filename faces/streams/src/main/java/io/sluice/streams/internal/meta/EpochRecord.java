package io.sluice.streams.internal.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * One epoch of a stream: the set of segments that together cover the key space from {@code
 * creationTime} until the next epoch. Immutable.
 */
public record EpochRecord(int epoch, long creationTime, List<Long> segmentIds) {
  public EpochRecord {
    segmentIds = List.copyOf(segmentIds);
  }

  void write(Bin.Out out) {
    out.i32(epoch).i64(creationTime).i32(segmentIds.size());
    segmentIds.forEach(out::i64);
  }

  static EpochRecord read(Bin.In in) {
    int epoch = in.i32();
    long time = in.i64();
    int n = in.count(8);
    List<Long> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.i64());
    }
    return new EpochRecord(epoch, time, ids);
  }
}
