package io.sluice.storage.testing;

import io.sluice.storage.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Wraps another {@link FileLayer} and injects faults into channels opened through it: a full disk
 * (every write fails until turned off again), writes that fail once a byte budget is used up (the
 * write that crosses it is cut short, as a real device would), failing forces, a failing next
 * write, and byte flips in stored files. Faults apply to paths matching {@link #only} (all by
 * default). Thread-safe.
 */
public final class FaultyFileLayer extends ForwardingFileLayer {
  private volatile boolean diskFull;
  private volatile boolean failForces;
  private final AtomicLong writeBudget = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger failNextWrites = new AtomicInteger();
  private final AtomicLong injected = new AtomicLong();
  private volatile Predicate<Path> only = p -> true;

  public FaultyFileLayer(FileLayer inner) {
    super(inner);
  }

  /** Faults hit only files whose path matches from now on. */
  public FaultyFileLayer only(Predicate<Path> paths) {
    this.only = paths;
    return this;
  }

  /** Turns "no space left on device" for every write on or off. */
  public void diskFull(boolean on) {
    diskFull = on;
  }

  /** Turns failing forces on or off. */
  public void failForces(boolean on) {
    failForces = on;
  }

  /** Lets {@code bytes} more bytes be written, then fails writes (until {@link #heal()}). */
  public void failWritesAfter(long bytes) {
    writeBudget.set(bytes);
  }

  /** Fails the next {@code n} writes. */
  public void failNextWrites(int n) {
    failNextWrites.set(n);
  }

  /** Turns every fault off. */
  public void heal() {
    diskFull = false;
    failForces = false;
    writeBudget.set(Long.MAX_VALUE);
    failNextWrites.set(0);
  }

  /** How many faults were injected so far. */
  public long injectedFaults() {
    return injected.get();
  }

  /** Flips every bit of the byte at {@code offset} of {@code file}, durably. */
  public void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = inner.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      if (ch.read(b, offset) != 1) {
        throw new IOException(file + " has no byte at " + offset);
      }
      b.put(0, (byte) ~b.get(0)).rewind();
      ch.write(b, offset);
      ch.force(false);
    }
  }

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    FileChannel ch = inner.open(file, options);
    return only.test(file) ? new Channel(ch, file) : ch;
  }

  /** How many bytes of a {@code want}-byte write may go through; throws if none. */
  private int admit(Path file, int want) throws IOException {
    if (diskFull) {
      injected.incrementAndGet();
      throw new IOException("No space left on device (injected) writing " + file);
    }
    if (failNextWrites.get() > 0 && failNextWrites.getAndDecrement() > 0) {
      injected.incrementAndGet();
      throw new IOException("Input/output error (injected) writing " + file);
    }
    while (true) {
      long budget = writeBudget.get();
      if (budget == Long.MAX_VALUE) {
        return want;
      }
      if (budget <= 0) {
        injected.incrementAndGet();
        throw new IOException("Input/output error (injected, budget spent) writing " + file);
      }
      int n = (int) Math.min(want, budget);
      if (writeBudget.compareAndSet(budget, budget - n)) {
        return n;
      }
    }
  }

  private final class Channel extends FileChannel {
    private final FileChannel ch;
    private final Path file;

    Channel(FileChannel ch, Path file) {
      this.ch = ch;
      this.file = file;
    }

    private int limited(ByteBuffer src, WriteFn fn) throws IOException {
      int n = admit(file, src.remaining());
      if (n == src.remaining()) {
        return fn.write(src);
      }
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + n);
      int done = fn.write(part);
      src.position(src.position() + done);
      return done;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return ch.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return limited(src, ch::write);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        int want = srcs[i].remaining();
        int n = write(srcs[i]);
        total += n;
        if (n < want) {
          break;
        }
      }
      return total;
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      ch.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      ch.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (failForces) {
        injected.incrementAndGet();
        throw new IOException("Input/output error (injected) forcing " + file);
      }
      ch.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return ch.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      if (diskFull) {
        throw new IOException("No space left on device (injected) writing " + file);
      }
      return ch.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return ch.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return limited(src, b -> ch.write(b, position));
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return ch.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return ch.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return ch.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      ch.close();
    }
  }

  @FunctionalInterface
  private interface WriteFn {
    int write(ByteBuffer b) throws IOException;
  }
}
