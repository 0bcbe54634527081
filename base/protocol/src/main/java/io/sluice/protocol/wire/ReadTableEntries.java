package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * Iterates over the entries of a table segment.
 *
 * <p>Wire layout after the header (type 85): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); suggestedEntryCount: int32; args:
 * TableIteratorArgs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record ReadTableEntries(
    long requestId,
    String segment,
    String delegationToken,
    int suggestedEntryCount,
    TableIteratorArgs args)
    implements Request {
  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ReadTableEntries[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", suggestedEntryCount="
        + suggestedEntryCount
        + ", args="
        + args
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.READ_TABLE_ENTRIES;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    out.writeInt(suggestedEntryCount);
    args.writeTo(out);
  }

  static ReadTableEntries readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    int suggestedEntryCount = in.readInt();
    TableIteratorArgs args = TableIteratorArgs.readFrom(in);
    return new ReadTableEntries(requestId, segment, delegationToken, suggestedEntryCount, args);
  }
}
