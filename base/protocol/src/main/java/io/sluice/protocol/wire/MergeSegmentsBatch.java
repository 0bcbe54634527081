package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Merges several sealed segments into one (controller to segment store, transaction commits).
 *
 * <p>Wire layout after the header (type 90): requestId: int64; target: UTF (u16 length + modified
 * UTF-8); sourceSegments: int32 count + count x UTF; delegationToken: UTF (u16 length + modified
 * UTF-8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record MergeSegmentsBatch(
    long requestId, String target, List<String> sourceSegments, String delegationToken)
    implements Request {
  /** Copies the lists, so the record stays immutable. */
  public MergeSegmentsBatch {
    sourceSegments = List.copyOf(sourceSegments);
  }

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "MergeSegmentsBatch[requestId="
        + requestId
        + ", target="
        + target
        + ", sourceSegments="
        + sourceSegments
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.MERGE_SEGMENTS_BATCH;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, target);
    FieldWriter.writeList(out, sourceSegments, FieldWriter::writeUtf);
    FieldWriter.writeUtf(out, delegationToken);
  }

  static MergeSegmentsBatch readFrom(FieldReader in) {
    long requestId = in.readLong();
    String target = in.readUtf();
    List<String> sourceSegments = in.readList(2, FieldReader::readUtf);
    String delegationToken = in.readUtf();
    return new MergeSegmentsBatch(requestId, target, sourceSegments, delegationToken);
  }
}
