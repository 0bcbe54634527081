package io.sluice.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The anchors: what the same work costs through bare {@link FileChannel} calls on the same disk,
 * with the engine's own choices (a growing file, positional writes, {@code force(false)}).
 * Stateless, thread-safe.
 */
final class Anchors {
  private Anchors() {}

  /** Result of a timed write+force loop. */
  record ForceLoop(long forces, long bytes, long nanos) {
    double bytesPerSecond() {
      return bytes * 1e9 / nanos;
    }
  }

  /**
   * Appends {@code batchBytes} with one write and one {@code force(false)} per batch, for {@code
   * seconds}, to a new file in {@code dir}.
   */
  static ForceLoop writeForceLoop(Path dir, int batchBytes, double seconds) throws IOException {
    ByteBuffer batch = ByteBuffer.allocateDirect(batchBytes);
    byte[] fill = new byte[batchBytes];
    ThreadLocalRandom.current().nextBytes(fill);
    batch.put(fill).flip();
    Path file = dir.resolve("anchor-" + batchBytes + ".log");
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      long at = 0;
      long forces = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long now;
      do {
        batch.rewind();
        while (batch.hasRemaining()) {
          at += ch.write(batch, at);
        }
        ch.force(false);
        forces++;
        now = System.nanoTime();
      } while (now < end);
      return new ForceLoop(forces, at, now - start);
    }
  }

  /** Writes a file of {@code size} bytes (not forced). */
  static void writeFile(Path file, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    byte[] fill = new byte[1 << 20];
    ThreadLocalRandom.current().nextBytes(fill);
    buf.put(fill);
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      long at = 0;
      while (at < size) {
        buf.clear().limit((int) Math.min(buf.capacity(), size - at));
        while (buf.hasRemaining()) {
          at += ch.write(buf, at);
        }
      }
    }
  }

  /** Reads {@code file} sequentially with 1 MiB reads; returns nanoseconds taken. */
  static long sequentialRead(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long start = System.nanoTime();
    long sum = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        sum += n;
      }
    }
    long nanos = System.nanoTime() - start;
    if (sum != java.nio.file.Files.size(file)) {
      throw new IOException("read " + sum + " bytes of " + file);
    }
    return nanos;
  }
}
