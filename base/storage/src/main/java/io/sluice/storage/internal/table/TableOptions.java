package io.sluice.storage.internal.table;

/**
 * Tuning of the table layer, with the defaults a node uses. Immutable.
 *
 * @param compactionMinDeadBytes compaction starts only when at least this many bytes of a table
 *     segment are dead (overwritten or removed entries, record headers)
 * @param compactionDeadRatio ... and when dead bytes exceed this share of the segment's bytes
 * @param compactionStepBytes segment bytes one compaction step reads and rewrites at most (plus one
 *     record); writers to the table wait for one step at a time, never for a whole compaction
 * @param readChunkBytes bytes read at a time when recovering or reading changes
 * @param markGapBytes one record start is remembered every so many bytes, so the change feed finds
 *     where to read from without scanning the table
 */
public record TableOptions(
    long compactionMinDeadBytes,
    double compactionDeadRatio,
    int compactionStepBytes,
    int readChunkBytes,
    long markGapBytes) {

  public static final TableOptions DEFAULTS =
      new TableOptions(4L << 20, 0.5, 1 << 20, 1 << 20, 256L << 10);

  public TableOptions {
    if (compactionMinDeadBytes < 0
        || !(compactionDeadRatio >= 0 && compactionDeadRatio < 1)
        || compactionStepBytes <= 0
        || readChunkBytes <= 0
        || markGapBytes <= 0) {
      throw new IllegalArgumentException("bad table options");
    }
  }

  /** Whether a table with these bytes should be compacted. */
  boolean shouldCompact(long dead, long total) {
    return dead > 0 && dead >= compactionMinDeadBytes && dead > compactionDeadRatio * total;
  }
}
