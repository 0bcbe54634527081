package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link ReadTableKeys}.
 *
 * <p>Wire layout after the header (type 84): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); keys: int32 count + count x TableKey; continuationToken: int32 length + bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param continuationToken where the next call continues; opaque to the client
 */
public record TableKeysRead(
    long requestId, String segment, List<TableKey> keys, ByteBuf continuationToken)
    implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public TableKeysRead {
    keys = List.copyOf(keys);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.TABLE_KEYS_READ;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeList(out, keys, (o, k) -> k.writeTo(o));
    FieldWriter.writeBytes(out, continuationToken);
  }

  static TableKeysRead readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    List<TableKey> keys = in.readList(TableKey.MIN_SIZE, TableKey::readFrom);
    ByteBuf continuationToken = in.readCopiedBytes();
    return new TableKeysRead(requestId, segment, keys, continuationToken);
  }
}
