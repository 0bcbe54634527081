package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;
import io.sluice.protocol.wire.internal.FieldWriter;
import java.util.List;

/**
 * Reply to {@link ListStorageChunks}.
 *
 * <p>Wire layout after the header (type -6): requestId: int64; chunks: int32 count + count x
 * ChunkInfo.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId echoed in the reply; its high 32 bits name the client flow
 */
public record StorageChunksListed(long requestId, List<ChunkInfo> chunks) implements Reply {
  /** Copies the lists, so the record stays immutable. */
  public StorageChunksListed {
    chunks = List.copyOf(chunks);
  }

  @Override
  public WireCommandType type() {
    return WireCommandType.STORAGE_CHUNKS_LISTED;
  }

  @Override
  public void writeFields(ByteBuf out) {
    out.writeLong(requestId);
    FieldWriter.writeList(out, chunks, (o, c) -> c.writeTo(o));
  }

  static StorageChunksListed readFrom(FieldReader in) {
    long requestId = in.readLong();
    List<ChunkInfo> chunks = in.readList(ChunkInfo.MIN_SIZE, ChunkInfo::readFrom);
    return new StorageChunksListed(requestId, chunks);
  }
}
