package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link ReadTableEntries}.
 *
 * <p>Wire layout after the header (type 86): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); entries: int32 count + count x (TableKey, TableValue); continuationToken: int32 length +
 * bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param continuationToken where the next call continues; opaque to the client
 */
public record TableEntriesRead(
    long requestId, String segment, List<TableEntry> entries, ByteBuf continuationToken)
    implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public TableEntriesRead {
    entries = List.copyOf(entries);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_ENTRIES_READ;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeList(out, entries, (o, e) -> e.writeTo(o));
    FieldWriter.writeBytes(out, continuationToken);
  }

  static TableEntriesRead readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    List<TableEntry> entries = in.readList(TableEntry.MIN_SIZE, TableEntry::readFrom);
    ByteBuf continuationToken = in.readCopiedBytes();
    return new TableEntriesRead(requestId, segment, entries, continuationToken);
  }
}
