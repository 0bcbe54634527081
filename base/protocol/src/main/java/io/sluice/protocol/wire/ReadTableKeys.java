package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Iterates over the keys of a table segment.
 *
 * <p>Wire layout after the header (type 83): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); suggestedKeyCount: int32; args:
 * TableIteratorArgs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record ReadTableKeys(
    long requestId,
    String segment,
    String delegationToken,
    int suggestedKeyCount,
    TableIteratorArgs args)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ReadTableKeys[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", suggestedKeyCount="
        + suggestedKeyCount
        + ", args="
        + args
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.READ_TABLE_KEYS;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeInt(suggestedKeyCount);
    args.writeTo(out);
  }

  static ReadTableKeys readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    int suggestedKeyCount = in.readInt();
    TableIteratorArgs args = TableIteratorArgs.readFrom(in);
    return new ReadTableKeys(requestId, segment, delegationToken, suggestedKeyCount, args);
  }
}
