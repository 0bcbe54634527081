package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply to {@link MergeSegmentsBatch}: for each source, the target's length after merging it.
 *
 * <p>Wire layout after the header (type 91): requestId: int64; target: UTF; int32 count; count x
 * (source: UTF, newTargetWriteOffset: int64).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sources the merged segments, in merge order
 * @param newTargetWriteOffsets the target's length after each merge, parallel to {@code sources}
 */
public record SegmentsBatchMerged(
    long requestId, String target, List<String> sources, List<Long> newTargetWriteOffsets)
    implements Reply {

  /** Copies the lists and checks they are parallel. */
  public SegmentsBatchMerged {
    sources = List.copyOf(sources);
    newTargetWriteOffsets = List.copyOf(newTargetWriteOffsets);
    if (sources.size() != newTargetWriteOffsets.size()) {
      throw new IllegalArgumentException(
          sources.size() + " sources but " + newTargetWriteOffsets.size() + " offsets");
    }
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.SEGMENTS_BATCH_MERGED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, target);
    out.writeInt(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      FieldWriter.writeUtf(out, sources.get(i));
      out.writeLong(newTargetWriteOffsets.get(i));
    }
  }

  static SegmentsBatchMerged readFrom(FieldReader in) {
    long requestId = in.readLong();
    String target = in.readUtf();
    int n = in.readCount(2 + Long.BYTES);
    List<String> sources = new ArrayList<>(n);
    List<Long> offsets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sources.add(in.readUtf());
      offsets.add(in.readLong());
    }
    return new SegmentsBatchMerged(requestId, target, sources, offsets);
  }
}
