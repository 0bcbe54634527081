package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Reads the entries of a table segment changed since a position (a change feed).
 *
 * <p>Wire layout after the header (type 88): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); fromPosition: int64;
 * suggestedEntryCount: int32.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record ReadTableEntriesDelta(
    long requestId,
    String segment,
    String delegationToken,
    long fromPosition,
    int suggestedEntryCount)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ReadTableEntriesDelta[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", fromPosition="
        + fromPosition
        + ", suggestedEntryCount="
        + suggestedEntryCount
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.READ_TABLE_ENTRIES_DELTA;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeLong(fromPosition);
    out.writeInt(suggestedEntryCount);
  }

  static ReadTableEntriesDelta readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    long fromPosition = in.readLong();
    int suggestedEntryCount = in.readInt();
    return new ReadTableEntriesDelta(
        requestId, segment, delegationToken, fromPosition, suggestedEntryCount);
  }
}
