package io.sluice.streams.internal.meta;

/**
 * One segment of a stream: its id ({@code epoch << 32 | number}), key range and life span in
 * epochs. Immutable.
 *
 * @param segmentId creation epoch in the high 32 bits, segment number in the low 32
 * @param keyStart inclusive start of the routing-key range, in [0, 1)
 * @param keyEnd exclusive end of the routing-key range, in (0, 1]
 * @param creationTime wall-clock millis when the segment was created
 * @param sealedEpoch the first epoch the segment is not part of, or -1 while it is current
 */
public record SegmentRecord(
    long segmentId, double keyStart, double keyEnd, long creationTime, int sealedEpoch) {

  public int creationEpoch() {
    return (int) (segmentId >>> 32);
  }

  public int number() {
    return (int) segmentId;
  }

  public boolean active() {
    return sealedEpoch < 0;
  }

  public SegmentRecord sealedAt(int epoch) {
    return new SegmentRecord(segmentId, keyStart, keyEnd, creationTime, epoch);
  }

  /** Whether the two key ranges share some keys. */
  public boolean overlaps(SegmentRecord other) {
    return keyStart < other.keyEnd && other.keyStart < keyEnd;
  }

  /** Builds the id of a segment. */
  public static long id(int epoch, int number) {
    return ((long) epoch << 32) | (number & 0xFFFFFFFFL);
  }

  void write(Bin.Out out) {
    out.i64(segmentId).f64(keyStart).f64(keyEnd).i64(creationTime).i32(sealedEpoch);
  }

  static SegmentRecord read(Bin.In in) {
    return new SegmentRecord(in.i64(), in.f64(), in.f64(), in.i64(), in.i32());
  }
}
