package io.sluice.storage.internal.core;

import io.sluice.storage.Clock;
import io.sluice.storage.FileLayer;
import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.LogExtent;
import io.sluice.storage.internal.fs.ReadChannels;
import io.sluice.storage.internal.log.LogFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves logged data into chunk files and keeps the log short. Every flush interval (or at once when
 * the writer runs out of pinned memory) it writes the unflushed bytes of every dirty chunk into its
 * file and deletes files of dead chunks. Every checkpoint interval, or when the log has grown by
 * more than a few files, it writes a checkpoint: a snapshot taken by the log writer at a batch
 * boundary, then all chunk data up to that point written and forced, then the checkpoint file, then
 * the log files that lie wholly before the snapshot position are deleted.
 *
 * <p>Runs on its own thread; {@link #flush()} and {@link #checkpoint()} may also be called from
 * others (recovery, tests, close) and are serialized by a lock.
 */
public final class Flusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);

  private final Catalog catalog;
  private final FileLayer fs;
  private final ReadChannels files;
  private final Path dataDir;
  private final Path chunkDir;
  private final Clock clock;
  private final long intervalNanos;
  private final long checkpointNanos;
  private final long walFileSize;
  private final Object lock = new Object();
  private final Set<Chunk> unforced = new LinkedHashSet<>();
  private final Thread thread;
  private final AtomicLong flushedBytes = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private LogWriter writer;
  private boolean newFiles;
  private ByteBuffer copyBuffer;
  private long lastCheckpoint;
  private volatile boolean closed;
  private volatile boolean urgent;

  public Flusher(
      Catalog catalog,
      FileLayer fs,
      ReadChannels files,
      Path dataDir,
      Path chunkDir,
      Clock clock,
      Duration flushInterval,
      Duration checkpointInterval,
      long walFileSize) {
    this.catalog = catalog;
    this.fs = fs;
    this.files = files;
    this.dataDir = dataDir;
    this.chunkDir = chunkDir;
    this.clock = clock;
    this.intervalNanos = flushInterval.toNanos();
    this.checkpointNanos = checkpointInterval.toNanos();
    this.walFileSize = walFileSize;
    this.lastCheckpoint = clock.nanoTime();
    this.thread = Thread.ofPlatform().daemon().name("sluice-flusher").unstarted(this::run);
  }

  /** Starts the background thread once the log writer runs. */
  public void start(LogWriter w) {
    this.writer = w;
    thread.start();
  }

  public long flushedBytes() {
    return flushedBytes.get();
  }

  public long checkpoints() {
    return checkpoints.get();
  }

  /** Asks for a flush as soon as possible (the writer is waiting for memory). */
  public void wakeUp() {
    urgent = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!closed) {
      if (!urgent) {
        LockSupport.parkNanos(this, intervalNanos);
      }
      urgent = false;
      if (closed) {
        return;
      }
      try {
        flush();
        if (checkpointDue()) {
          checkpoint();
        }
      } catch (IOException | RuntimeException e) {
        long retry = Math.min(intervalNanos, 1_000_000_000L);
        LOG.warn("flushing segment data failed; retrying in {} ms", retry / 1_000_000, e);
        LockSupport.parkNanos(this, retry);
      }
    }
  }

  private boolean checkpointDue() {
    if (clock.nanoTime() - lastCheckpoint >= checkpointNanos) {
      return true;
    }
    long logged = writer.log().endPosition() - lastCheckpointPosition;
    return logged > 2 * walFileSize;
  }

  private long lastCheckpointPosition;

  /** Sets the position of the checkpoint recovery started from. */
  public void recovered(long position) {
    lastCheckpointPosition = position;
  }

  /** Writes every chunk's unflushed bytes to its file and deletes dead chunks' files. */
  public void flush() throws IOException {
    synchronized (lock) {
      Chunk dead;
      while ((dead = catalog.deadChunks().poll()) != null) {
        unforced.remove(dead);
        fs.deleteIfExists(dead.file());
        files.forget(dead.file());
      }
      // A chunk polled here may be marked dirty again (and queued again) by a later append while
      // this pass runs; that later entry is flushed by the next pass, never skipped.
      List<Chunk> work = new ArrayList<>();
      Chunk c;
      while ((c = catalog.dirtyChunks().poll()) != null) {
        work.add(c);
      }
      List<Chunk> failed = new ArrayList<>();
      IOException error = null;
      for (Chunk w : work) {
        if (error != null) {
          failed.add(w);
          continue;
        }
        try {
          flushChunk(w);
        } catch (IOException e) {
          error = e;
          failed.add(w);
        }
      }
      for (Chunk f : failed) {
        f.clearDirty();
        if (f.markDirty()) {
          catalog.dirtyChunks().add(f);
        }
      }
      catalog.cache().evict(0);
      if (writer != null) {
        writer.wake();
      }
      if (error != null) {
        throw error;
      }
    }
  }

  private void flushChunk(Chunk c) throws IOException {
    c.clearDirty();
    List<Object> parts = c.unflushed();
    if (parts.isEmpty()) {
      return;
    }
    long from = c.flushed();
    long at = from;
    boolean created = !fs.exists(c.file());
    try (FileChannel ch = fs.open(c.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (Object p : parts) {
        if (p instanceof ByteBuffer b) {
          while (b.hasRemaining()) {
            at += ch.write(b, at);
          }
        } else {
          at = copyFromLog((LogExtent) p, ch, at);
        }
      }
    }
    if (created) {
      newFiles = true;
    }
    unforced.add(c);
    c.markFlushed(at);
    flushedBytes.addAndGet(at - from);
  }

  /** Copies log-backed bytes (left by recovery) into a chunk file at {@code at}. */
  private long copyFromLog(LogExtent x, FileChannel out, long at) throws IOException {
    if (copyBuffer == null) {
      copyBuffer = ByteBuffer.allocateDirect(1 << 20);
    }
    long src = x.fileOffset();
    long left = x.length();
    while (left > 0) {
      copyBuffer.clear().limit((int) Math.min(copyBuffer.capacity(), left));
      files.readFully(x.file(), copyBuffer, src);
      copyBuffer.flip();
      int n = copyBuffer.remaining();
      while (copyBuffer.hasRemaining()) {
        at += out.write(copyBuffer, at);
      }
      src += n;
      left -= n;
    }
    return at;
  }

  /**
   * Writes a checkpoint and deletes the log files it makes unnecessary.
   *
   * @return the checkpoint's log position
   */
  public long checkpoint() throws IOException {
    synchronized (lock) {
      // The writer may be waiting for memory that only a flush frees: keep flushing while the
      // snapshot is on its way.
      flush();
      CompletableFuture<Checkpoint> snapshot =
          writer.barrier(() -> Checkpoint.capture(catalog, writer.log().endPosition()));
      Checkpoint cp;
      while (true) {
        try {
          cp = snapshot.get(10, TimeUnit.MILLISECONDS);
          break;
        } catch (java.util.concurrent.TimeoutException e) {
          flush();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the log writer", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("no snapshot from the log writer: " + e.getCause(), e);
        }
      }
      flush();
      for (Chunk c : List.copyOf(unforced)) {
        if (c.deleted()) {
          unforced.remove(c);
          continue;
        }
        try (FileChannel ch = fs.open(c.file(), StandardOpenOption.WRITE)) {
          ch.force(false);
        }
        unforced.remove(c);
      }
      if (newFiles) {
        fs.syncDirectory(chunkDir);
        newFiles = false;
      }
      cp.write(fs, dataDir);
      lastCheckpoint = clock.nanoTime();
      lastCheckpointPosition = cp.position();
      checkpoints.incrementAndGet();
      List<LogFile> gone = new ArrayList<>();
      for (LogFile f : writer.log().closedFiles()) {
        if (f.end() <= cp.position()) {
          fs.deleteIfExists(f.path());
          files.forget(f.path());
          gone.add(f);
        }
      }
      writer.log().forget(gone);
      LOG.debug(
          "checkpoint at log position {} ({} segments, {} log files deleted)",
          cp.position(),
          cp.segments().size(),
          gone.size());
      return cp.position();
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
