package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link UpdateTableEntries}: the new version of each key, in request order.
 *
 * <p>Wire layout after the header (type 75): requestId: int64; updatedVersions: int32 count + count
 * x int64.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record TableEntriesUpdated(long requestId, List<Long> updatedVersions) implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public TableEntriesUpdated {
    updatedVersions = List.copyOf(updatedVersions);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_ENTRIES_UPDATED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeList(out, updatedVersions, ByteBuf::writeLong);
  }

  static TableEntriesUpdated readFrom(FieldReader in) {
    long requestId = in.readLong();
    List<Long> updatedVersions = in.readList(Long.BYTES, FieldReader::readLong);
    return new TableEntriesUpdated(requestId, updatedVersions);
  }
}
