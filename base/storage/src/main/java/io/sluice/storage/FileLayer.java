package io.sluice.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the engine makes goes through this interface, so tests can substitute an
 * in-memory file system that forgets unforced writes on a simulated crash, or a fault-injecting one
 * (failing writes, a full disk, flipped bytes). {@link #nio()} is the real file system.
 *
 * <p>Implementations are thread-safe; channels they return follow {@link FileChannel}'s own rules.
 */
public interface FileLayer {
  /**
   * Opens (or creates, per {@code options}) a file, as {@link FileChannel#open(Path,
   * OpenOption...)}.
   */
  FileChannel open(Path file, OpenOption... options) throws IOException;

  /** The entries of a directory (files and subdirectories), in no particular order. */
  List<Path> list(Path dir) throws IOException;

  boolean exists(Path path);

  void createDirectories(Path dir) throws IOException;

  /** Deletes a file or an empty directory; no error if it is already gone. */
  void deleteIfExists(Path path) throws IOException;

  /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
  void moveAtomically(Path from, Path to) throws IOException;

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  void syncDirectory(Path dir) throws IOException;

  /** The real file system. */
  static FileLayer nio() {
    return io.sluice.storage.internal.fs.NioFileLayer.INSTANCE;
  }
}
