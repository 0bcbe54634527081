package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Appends all of one sealed segment to another (transactions, large events), with optional
 * conditional attribute updates on the target.
 *
 * <p>Wire layout after the header (type 58): requestId: int64; target: UTF (u16 length + modified
 * UTF-8); source: UTF (u16 length + modified UTF-8); delegationToken: UTF (u16 length + modified
 * UTF-8); attributeUpdates: int32 count + count x ConditionalAttributeUpdate (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record MergeSegments(
    long requestId,
    String target,
    String source,
    String delegationToken,
    List<ConditionalAttributeUpdate> attributeUpdates)
    implements Request {
  /** Copies the lists, so the record stays immutable. */
  public MergeSegments {
    attributeUpdates = List.copyOf(attributeUpdates);
  }

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "MergeSegments[requestId="
        + requestId
        + ", target="
        + target
        + ", source="
        + source
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", attributeUpdates="
        + attributeUpdates
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.MERGE_SEGMENTS;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, target);
    FieldWriter.writeUtf(out, source);
    FieldWriter.writeUtf(out, delegationToken);
    FieldWriter.writeList(out, attributeUpdates, (o, a) -> a.writeTo(o));
  }

  static MergeSegments readFrom(FieldReader in) {
    long requestId = in.readLong();
    String target = in.readUtf();
    String source = in.readUtf();
    String delegationToken = in.readUtf();
    List<ConditionalAttributeUpdate> attributeUpdates =
        in.remaining() > 0
            ? in.readList(ConditionalAttributeUpdate.SIZE, ConditionalAttributeUpdate::readFrom)
            : List.of();
    return new MergeSegments(requestId, target, source, delegationToken, attributeUpdates);
  }
}
