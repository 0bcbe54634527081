package io.sluice.storage.internal.log;

import java.nio.file.Path;

/**
 * One write-ahead-log file as the engine tracks it: its path, its base position and (once it is no
 * longer written) its end position. Immutable.
 *
 * @param path the file
 * @param base log position of the first record byte
 * @param end log position after the last record byte, or -1 while the file is being written
 */
public record LogFile(Path path, long base, long end) {}
