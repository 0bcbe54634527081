package io.sluice.storage.internal.data;

import java.nio.file.Path;

/**
 * Bytes of a chunk that recovery left in the write-ahead log instead of copying them into memory:
 * chunk bytes {@code [chunkOffset, chunkOffset + length)} are the log file's bytes at {@code
 * fileOffset}. The flusher copies them into the chunk file after the engine opened; reads before
 * that are served from the log file. Immutable.
 *
 * @param file the log file
 * @param fileOffset where the bytes start in it
 * @param chunkOffset where they start in the chunk
 * @param length how many
 */
public record LogExtent(Path file, long fileOffset, long chunkOffset, int length) {
  long end() {
    return chunkOffset + length;
  }

  /** The part of this extent from chunk offset {@code from} on, at most {@code max} bytes. */
  public LogExtent from(long from, long max) {
    long skip = from - chunkOffset;
    return new LogExtent(file, fileOffset + skip, from, (int) Math.min(length - skip, max));
  }
}
