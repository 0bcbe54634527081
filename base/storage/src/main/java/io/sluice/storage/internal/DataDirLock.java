package io.sluice.storage.internal;

import io.sluice.storage.FileLayer;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code lock} file of a data directory, held with an exclusive file lock while an engine owns
 * the directory, so a second engine (in this or another process) cannot open it. Not thread-safe;
 * owned by the engine.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DataDirLock acquire(FileLayer fs, Path dir) throws IOException {
    Path p = dir.resolve(FILE);
    FileChannel ch =
        fs.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new StorageException(
          StorageError.STORAGE_UNAVAILABLE,
          "data directory " + dir + " is in use by another storage engine (" + p + " is locked)");
    }
    return new DataDirLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
