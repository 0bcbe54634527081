package io.sluice.storage.internal.core;

import io.sluice.storage.internal.data.Chunk;

/**
 * A chunk placed in a segment: the segment offset of the chunk's first byte. Immutable.
 *
 * @param chunk the chunk
 * @param start segment offset of chunk offset 0
 */
public record ChunkRef(Chunk chunk, long start) {
  long end() {
    return start + chunk.length();
  }
}
