package io.sluice.storage.testing;

import io.sluice.storage.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A file layer that passes every call to another one; test layers extend it and override only what
 * they change (usually {@link #open}). As thread-safe as the layer it wraps.
 */
public abstract class ForwardingFileLayer implements FileLayer {
  protected final FileLayer inner;

  protected ForwardingFileLayer(FileLayer inner) {
    this.inner = inner;
  }

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    return inner.open(file, options);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    return inner.list(dir);
  }

  @Override
  public boolean exists(Path path) {
    return inner.exists(path);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    inner.createDirectories(dir);
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    inner.deleteIfExists(path);
  }

  @Override
  public void moveAtomically(Path from, Path to) throws IOException {
    inner.moveAtomically(from, to);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    inner.syncDirectory(dir);
  }
}
