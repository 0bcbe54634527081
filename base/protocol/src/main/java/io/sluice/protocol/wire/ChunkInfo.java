package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;

/**
 * One storage chunk of a segment, in {@link StorageChunksListed} (an admin reply).
 *
 * <p>Wire layout: lengthInMetadata: int64; lengthInStorage: int64; startOffset: int64; chunkName:
 * UTF; existsInStorage: bool.
 *
 * <p>Immutable and thread-safe.
 */
public record ChunkInfo(
    long lengthInMetadata,
    long lengthInStorage,
    long startOffset,
    String chunkName,
    boolean existsInStorage) {
  /** The fewest bytes a chunk takes on the wire. */
  static final int MIN_SIZE = 3 * Long.BYTES + 2 + 1;

  void writeTo(ByteBuf out) {
    out.writeLong(lengthInMetadata);
    out.writeLong(lengthInStorage);
    out.writeLong(startOffset);
    FieldWriter.writeUtf(out, chunkName);
    FieldWriter.writeBoolean(out, existsInStorage);
  }

  static ChunkInfo readFrom(FieldReader in) {
    long inMetadata = in.readLong();
    long inStorage = in.readLong();
    long start = in.readLong();
    String name = in.readUtf();
    return new ChunkInfo(inMetadata, inStorage, start, name, in.readBoolean());
  }
}
