package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link ReadTable}, one entry per key in request order; a missing key has an empty value
 * and version {@link TableKey#NOT_EXISTS}.
 *
 * <p>Wire layout after the header (type 79): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); entries: int32 count + count x (TableKey, TableValue).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record TableRead(long requestId, String segment, List<TableEntry> entries) implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public TableRead {
    entries = List.copyOf(entries);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_READ;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeList(out, entries, (o, e) -> e.writeTo(o));
  }

  static TableRead readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    List<TableEntry> entries = in.readList(TableEntry.MIN_SIZE, TableEntry::readFrom);
    return new TableRead(requestId, segment, entries);
  }
}
