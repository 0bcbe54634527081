package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link ReadTableEntriesDelta}.
 *
 * <p>Wire layout after the header (type 87): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); entries: int32 count + count x (TableKey, TableValue); shouldClear: bool (1 byte);
 * reachedEnd: bool (1 byte); lastPosition: int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param shouldClear whether the reader must drop what it has (the position was truncated away)
 */
public record TableEntriesDeltaRead(
    long requestId,
    String segment,
    List<TableEntry> entries,
    boolean shouldClear,
    boolean reachedEnd,
    long lastPosition)
    implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public TableEntriesDeltaRead {
    entries = List.copyOf(entries);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_ENTRIES_DELTA_READ;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeList(out, entries, (o, e) -> e.writeTo(o));
    FieldWriter.writeBoolean(out, shouldClear);
    FieldWriter.writeBoolean(out, reachedEnd);
    out.writeLong(lastPosition);
  }

  static TableEntriesDeltaRead readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    List<TableEntry> entries = in.readList(TableEntry.MIN_SIZE, TableEntry::readFrom);
    boolean shouldClear = in.readBoolean();
    boolean reachedEnd = in.readBoolean();
    long lastPosition = in.readLong();
    return new TableEntriesDeltaRead(
        requestId, segment, entries, shouldClear, reachedEnd, lastPosition);
  }
}
