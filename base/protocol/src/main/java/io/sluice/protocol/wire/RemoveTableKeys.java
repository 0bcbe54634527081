package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Removes keys from a table segment, each conditional on its version unless that is {@link
 * TableKey#NO_VERSION}.
 *
 * <p>Wire layout after the header (type 76): requestId: int64; segment: UTF (u16 length + modified
 * UTF-8); delegationToken: UTF (u16 length + modified UTF-8); keys: int32 count + count x TableKey;
 * tableSegmentOffset: int64 (optional).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 * @param delegationToken the delegation token from the controller, empty when auth is off
 * @param tableSegmentOffset a segment length condition, -1 for none
 */
public record RemoveTableKeys(
    long requestId,
    String segment,
    String delegationToken,
    List<TableKey> keys,
    long tableSegmentOffset)
    implements Request {
  /** Copies the lists, so the record stays immutable. */
  public RemoveTableKeys {
    keys = List.copyOf(keys);
  }

  /** As the record's own, but the delegation token (a credential) is masked. */
  @Override
  public String toString() {
    return "RemoveTableKeys[requestId="
        + requestId
        + ", segment="
        + segment
        + ", delegationToken="
        + (delegationToken == null || delegationToken.isEmpty() ? "" : "***")
        + ", keys="
        + keys
        + ", tableSegmentOffset="
        + tableSegmentOffset
        + "]";
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.REMOVE_TABLE_KEYS;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeUtf(out, segment);
    FieldWriter.writeUtf(out, delegationToken);
    FieldWriter.writeList(out, keys, (o, k) -> k.writeTo(o));
    out.writeLong(tableSegmentOffset);
  }

  static RemoveTableKeys readFrom(FieldReader in) {
    long requestId = in.readLong();
    String segment = in.readUtf();
    String delegationToken = in.readUtf();
    List<TableKey> keys = in.readList(TableKey.MIN_SIZE, TableKey::readFrom);
    long tableSegmentOffset = in.readLongOr(-1L);
    return new RemoveTableKeys(requestId, segment, delegationToken, keys, tableSegmentOffset);
  }
}
