package io.sluice.streams.internal.meta;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A key-value table: its partitions are table segments {@code scope/<name>_kvtable/<n>.#epoch.0}
 * with keys of {@code primaryKeyLength + secondaryKeyLength} bytes. Immutable.
 */
public record KvtRecord(
    String scope,
    String name,
    UUID id,
    int partitionCount,
    int primaryKeyLength,
    int secondaryKeyLength,
    long rolloverSizeBytes,
    long creationTime) {
  private static final int FORMAT = 1;

  public byte[] encode() {
    return new Bin.Out()
        .i8(FORMAT)
        .str(scope)
        .str(name)
        .i64(id.getMostSignificantBits())
        .i64(id.getLeastSignificantBits())
        .i32(partitionCount)
        .i32(primaryKeyLength)
        .i32(secondaryKeyLength)
        .i64(rolloverSizeBytes)
        .i64(creationTime)
        .toBytes();
  }

  public static KvtRecord decode(ByteBuffer buf) {
    Bin.In in = new Bin.In(buf);
    if (in.i8() != FORMAT) {
      throw new IllegalArgumentException("unknown key-value table record format");
    }
    return new KvtRecord(
        in.str(),
        in.str(),
        new UUID(in.i64(), in.i64()),
        in.i32(),
        in.i32(),
        in.i32(),
        in.i64(),
        in.i64());
  }
}
