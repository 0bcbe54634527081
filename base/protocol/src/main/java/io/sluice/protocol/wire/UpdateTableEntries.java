package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Puts entries into a table segment, each conditional on its key version unless that is {@link
 * TableKey#NO_VERSION}; all or nothing.
 *
 * <p>Wire layout after the header (type 74): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); entries: int32 count + count x
 * (TableKey, TableValue); tableSegmentOffset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 * @param tableSegmentOffset a segment length condition, -1 for none
 */
public record UpdateTableEntries(
    long requestId,
    String segment,
    String delegationToken,
    List<TableEntry> entries,
    long tableSegmentOffset)
    implements Request {
  /** Copies the lists, so the record stays immutable. */
  public UpdateTableEntries {
    entries = List.copyOf(entries);
  }

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "UpdateTableEntries[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", entries="
        + entries
        + ", tableSegmentOffset="
        + tableSegmentOffset
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.UPDATE_TABLE_ENTRIES;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    FieldWriter.writeList(out, entries, (o, e) -> e.writeTo(o));
    out.writeLong(tableSegmentOffset);
  }

  static UpdateTableEntries readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    List<TableEntry> entries = in.readList(TableEntry.MIN_SIZE, TableEntry::readFrom);
    long tableSegmentOffset = in.readLongOr(-1L);
    return new UpdateTableEntries(requestId, segment, delegationToken, entries, tableSegmentOffset);
  }
}
