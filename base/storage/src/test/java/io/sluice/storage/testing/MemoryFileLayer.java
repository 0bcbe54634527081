package io.sluice.storage.testing;

import io.sluice.storage.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory file system that models power loss: {@link #crash()} restores every file to its
 * content at its last {@code force} and every directory to its entries at its last {@link
 * #syncDirectory} (directories made by {@link #createDirectories} count as synced). Channels open
 * before a crash fail with {@link ClosedChannelException} afterwards, and file locks are dropped.
 *
 * <p>Unforced writes are kept as an undo log per file, so forcing is cheap. Thread-safe: one lock
 * guards everything.
 */
public final class MemoryFileLayer implements FileLayer {
  private final Object lock = new Object();
  private final Map<Path, Node> files = new HashMap<>();
  private final Set<Path> dirs = new HashSet<>();
  private final Map<Path, Node> durableFiles = new HashMap<>();
  private int generation;

  private static final class Undo {
    final long position;
    final byte[] old;
    final long oldSize;

    Undo(long position, byte[] old, long oldSize) {
      this.position = position;
      this.old = old;
      this.oldSize = oldSize;
    }
  }

  /** One file's bytes, and how to get back to what was last forced. Guarded by the layer lock. */
  private static final class Node {
    byte[] data = new byte[256];
    long size;
    final ArrayDeque<Undo> undo = new ArrayDeque<>();
    Object lockOwner;

    void ensure(long n) {
      if (n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("memory files are limited to 2 GiB");
      }
      if (n > data.length) {
        data =
            Arrays.copyOf(
                data, (int) Math.max(n, Math.min(Integer.MAX_VALUE - 8, data.length * 2L)));
      }
    }

    void write(long pos, ByteBuffer src) {
      int n = src.remaining();
      long end = pos + n;
      long overlapEnd = Math.min(end, size);
      byte[] old =
          pos < overlapEnd ? Arrays.copyOfRange(data, (int) pos, (int) overlapEnd) : new byte[0];
      undo.push(new Undo(pos, old, size));
      ensure(end);
      if (pos > size) {
        Arrays.fill(data, (int) size, (int) pos, (byte) 0);
      }
      src.get(data, (int) pos, n);
      size = Math.max(size, end);
    }

    void truncate(long newSize) {
      if (newSize >= size) {
        return;
      }
      undo.push(new Undo(newSize, Arrays.copyOfRange(data, (int) newSize, (int) size), size));
      size = newSize;
    }

    void force() {
      undo.clear();
    }

    void rollback() {
      while (!undo.isEmpty()) {
        Undo u = undo.pop();
        ensure(u.oldSize);
        if (u.oldSize > size) {
          Arrays.fill(data, (int) size, (int) u.oldSize, (byte) 0);
        }
        System.arraycopy(u.old, 0, data, (int) u.position, u.old.length);
        size = u.oldSize;
      }
    }
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }

  /** Simulates power loss: every unforced byte and unsynced directory change is gone. */
  public void crash() {
    synchronized (lock) {
      Set<Node> all = new HashSet<>(files.values());
      all.addAll(durableFiles.values());
      for (Node n : all) {
        n.rollback();
        n.lockOwner = null;
      }
      files.clear();
      files.putAll(durableFiles);
      generation++;
    }
  }

  /**
   * Simulates power loss without disturbing this instance: returns a new file system holding what
   * would survive (forced bytes, synced directory entries). An engine still running on this
   * instance can be closed afterwards without touching the copy.
   */
  public MemoryFileLayer crashCopy() {
    synchronized (lock) {
      MemoryFileLayer c = new MemoryFileLayer();
      c.dirs.addAll(dirs);
      Map<Node, Node> copies = new HashMap<>();
      for (Map.Entry<Path, Node> e : durableFiles.entrySet()) {
        Node copy =
            copies.computeIfAbsent(
                e.getValue(),
                n -> {
                  Node k = new Node();
                  k.data = Arrays.copyOf(n.data, n.data.length);
                  k.size = n.size;
                  k.undo.addAll(n.undo);
                  k.rollback();
                  return k;
                });
        c.files.put(e.getKey(), copy);
        c.durableFiles.put(e.getKey(), copy);
      }
      return c;
    }
  }

  /** The current bytes of a file (forced or not), for tests. */
  public byte[] contents(Path file) throws IOException {
    synchronized (lock) {
      Node n = files.get(key(file));
      if (n == null) {
        throw new NoSuchFileException(file.toString());
      }
      return Arrays.copyOf(n.data, (int) n.size);
    }
  }

  @Override
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    Set<OpenOption> opts = new HashSet<>(Arrays.asList(options));
    Path k = key(file);
    synchronized (lock) {
      if (dirs.contains(k)) {
        throw new IOException(file + " is a directory");
      }
      if (k.getParent() != null && !dirs.contains(k.getParent())) {
        throw new NoSuchFileException(file.toString(), null, "no parent directory");
      }
      Node n = files.get(k);
      if (n != null && opts.contains(StandardOpenOption.CREATE_NEW)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      if (n == null) {
        if (!opts.contains(StandardOpenOption.CREATE)
            && !opts.contains(StandardOpenOption.CREATE_NEW)) {
          throw new NoSuchFileException(file.toString());
        }
        n = new Node();
        files.put(k, n);
      }
      boolean write =
          opts.contains(StandardOpenOption.WRITE) || opts.contains(StandardOpenOption.APPEND);
      boolean read = opts.contains(StandardOpenOption.READ) || !write;
      if (write && opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
        n.truncate(0);
      }
      return new Channel(n, read, write, opts.contains(StandardOpenOption.APPEND), generation);
    }
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    Path k = key(dir);
    synchronized (lock) {
      if (!dirs.contains(k)) {
        throw new NoSuchFileException(dir.toString());
      }
      List<Path> out = new ArrayList<>();
      for (Path p : files.keySet()) {
        if (k.equals(p.getParent())) {
          out.add(p);
        }
      }
      for (Path p : dirs) {
        if (k.equals(p.getParent())) {
          out.add(p);
        }
      }
      return out;
    }
  }

  @Override
  public boolean exists(Path path) {
    Path k = key(path);
    synchronized (lock) {
      return files.containsKey(k) || dirs.contains(k);
    }
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    synchronized (lock) {
      for (Path p = key(dir); p != null; p = p.getParent()) {
        if (files.containsKey(p)) {
          throw new FileAlreadyExistsException(p.toString());
        }
        dirs.add(p);
      }
    }
  }

  @Override
  public void deleteIfExists(Path path) throws IOException {
    Path k = key(path);
    synchronized (lock) {
      if (files.remove(k) != null) {
        return;
      }
      if (dirs.contains(k)) {
        for (Path p : files.keySet()) {
          if (k.equals(p.getParent())) {
            throw new DirectoryNotEmptyException(path.toString());
          }
        }
        dirs.remove(k);
      }
    }
  }

  @Override
  public void moveAtomically(Path from, Path to) throws IOException {
    synchronized (lock) {
      Node n = files.remove(key(from));
      if (n == null) {
        throw new NoSuchFileException(from.toString());
      }
      files.put(key(to), n);
    }
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    Path k = key(dir);
    synchronized (lock) {
      if (!dirs.contains(k)) {
        throw new NoSuchFileException(dir.toString());
      }
      durableFiles.keySet().removeIf(p -> k.equals(p.getParent()));
      for (Map.Entry<Path, Node> e : files.entrySet()) {
        if (k.equals(e.getKey().getParent())) {
          durableFiles.put(e.getKey(), e.getValue());
        }
      }
    }
  }

  /** A channel on one memory file. Position is per channel, as with real channels. */
  private final class Channel extends FileChannel {
    private final Node node;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final int gen;
    private long position;

    Channel(Node node, boolean readable, boolean writable, boolean append, int gen) {
      this.node = node;
      this.readable = readable;
      this.writable = writable;
      this.append = append;
      this.gen = gen;
    }

    private void check() throws IOException {
      if (!isOpen() || gen != generation) {
        throw new ClosedChannelException();
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      synchronized (lock) {
        int n = read(dst, position);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        int n = read(dsts[i]);
        if (n < 0) {
          return total == 0 ? -1 : total;
        }
        total += n;
        if (dsts[i].hasRemaining()) {
          break;
        }
      }
      return total;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      synchronized (lock) {
        check();
        if (append) {
          position = node.size;
        }
        int n = write(src, position);
        position += n;
        return n;
      }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        total += write(srcs[i]);
      }
      return total;
    }

    @Override
    public long position() throws IOException {
      synchronized (lock) {
        check();
        return position;
      }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      synchronized (lock) {
        check();
        position = newPosition;
        return this;
      }
    }

    @Override
    public long size() throws IOException {
      synchronized (lock) {
        check();
        return node.size;
      }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      synchronized (lock) {
        check();
        if (!writable) {
          throw new NonWritableChannelException();
        }
        node.truncate(size);
        position = Math.min(position, size);
        return this;
      }
    }

    @Override
    public void force(boolean metaData) throws IOException {
      synchronized (lock) {
        check();
        node.force();
      }
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 1 << 20));
      int n = read(b, position);
      if (n <= 0) {
        return 0;
      }
      b.flip();
      return target.write(b);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 1 << 20));
      int n = src.read(b);
      if (n <= 0) {
        return 0;
      }
      b.flip();
      return write(b, position);
    }

    @Override
    public int read(ByteBuffer dst, long pos) throws IOException {
      synchronized (lock) {
        check();
        if (!readable) {
          throw new NonReadableChannelException();
        }
        if (pos >= node.size) {
          return -1;
        }
        int n = (int) Math.min(dst.remaining(), node.size - pos);
        dst.put(node.data, (int) pos, n);
        return n;
      }
    }

    @Override
    public int write(ByteBuffer src, long pos) throws IOException {
      synchronized (lock) {
        check();
        if (!writable) {
          throw new NonWritableChannelException();
        }
        int n = src.remaining();
        node.write(pos, src);
        return n;
      }
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("memory files cannot be mapped");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      FileLock l = tryLock(position, size, shared);
      if (l == null) {
        throw new IOException("memory file is locked by another channel");
      }
      return l;
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      synchronized (lock) {
        check();
        if (node.lockOwner != null) {
          return null;
        }
        node.lockOwner = this;
        return new MemoryLock(this, position, size, shared);
      }
    }

    void unlock() {
      synchronized (lock) {
        if (node.lockOwner == this) {
          node.lockOwner = null;
        }
      }
    }

    @Override
    protected void implCloseChannel() {
      unlock();
    }
  }

  private final class MemoryLock extends FileLock {
    private boolean valid = true;

    MemoryLock(Channel ch, long position, long size, boolean shared) {
      super(ch, position, size, shared);
    }

    @Override
    public boolean isValid() {
      synchronized (lock) {
        return valid && channel().isOpen();
      }
    }

    @Override
    public void release() {
      synchronized (lock) {
        valid = false;
        ((Channel) channel()).unlock();
      }
    }
  }
}
