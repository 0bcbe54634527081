package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reads the values of keys from a table segment.
 *
 * <p>Wire layout after the header (type 78): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); keys: int32 count + count x TableKey.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 */
public record ReadTable(long requestId, String segment, String delegationToken, List<TableKey> keys)
    implements Request {
  /** Copies the lists, so the record stays immutable. */
  public ReadTable {
    keys = List.copyOf(keys);
  }

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "ReadTable[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", keys="
        + keys
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.READ_TABLE;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    FieldWriter.writeList(out, keys, (o, k) -> k.writeTo(o));
  }

  static ReadTable readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    List<TableKey> keys = in.readList(TableKey.MIN_SIZE, TableKey::readFrom);
    return new ReadTable(requestId, segment, delegationToken, keys);
  }
}
