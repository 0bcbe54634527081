package io.sluice.storage.internal.log;

import io.sluice.storage.FileLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of framed records at the end of the log: rolls to a new file past the size limit,
 * writes each batch with positional writes, forces, and after a failed write or force cuts the
 * partial batch off again ({@link #repair()}) so the log stays a clean sequence of records.
 *
 * <p>The file is kept filled with zeros a few MiB ahead of the records ({@link #ZERO_STEP} at a
 * time, written with the batch that needs them). A force then writes data into blocks that already
 * belong to the file, so it need not also commit a new file size: on ext4 that makes the force of a
 * small batch about a third cheaper than on a growing file. A zero header is never a valid record
 * (type 0 does not exist), so the scanner reads a run of zeros up to the end of a file as the end
 * of the log ({@link LogScanner}). A file is cut to its records when the log rolls past it.
 *
 * <p>Owned by the log writer thread; {@link #closedFiles()} and {@link #endPosition()} may be read
 * from other threads.
 */
public final class LogAppender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogAppender.class);

  /** How far ahead of the records the file is filled with zeros at a time. */
  public static final long ZERO_STEP = 4L << 20;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

  private final FileLayer fs;
  private final Path dir;
  private final long fileSizeLimit;
  private final List<LogFile> closed = new ArrayList<>();
  private FileChannel channel;
  private Path path;
  private volatile long base;
  private long fileOffset;
  private long zeroedTo;
  private volatile long endPosition;
  private long batchStart = -1;
  private boolean broken;

  /**
   * Continues the log in an existing file (after recovery) at {@code fileOffset}, or starts a new
   * file when {@code path} is null.
   */
  public LogAppender(
      FileLayer fs,
      Path dir,
      long fileSizeLimit,
      List<LogFile> closedFiles,
      Path path,
      long base,
      long fileOffset)
      throws IOException {
    this.fs = fs;
    this.dir = dir;
    this.fileSizeLimit = fileSizeLimit;
    this.closed.addAll(closedFiles);
    if (path == null) {
      startFile(base);
    } else {
      this.path = path;
      this.base = base;
      this.channel = fs.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
      this.fileOffset = fileOffset;
      // Recovery left the file ending at its last record, or zeros after it.
      this.zeroedTo = Math.max(fileOffset, channel.size());
      this.endPosition = base + fileOffset - LogFormat.FILE_HEADER;
    }
  }

  private void startFile(long newBase) throws IOException {
    Path p = dir.resolve(LogFormat.fileName(newBase));
    FileChannel ch =
        fs.open(
            p,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ);
    try {
      ByteBuffer h = LogFormat.header(newBase);
      while (h.hasRemaining()) {
        ch.write(h, h.position());
      }
      ch.force(true);
      fs.syncDirectory(dir);
    } catch (IOException e) {
      ch.close();
      fs.deleteIfExists(p);
      throw e;
    }
    channel = ch;
    path = p;
    base = newBase;
    fileOffset = LogFormat.FILE_HEADER;
    zeroedTo = LogFormat.FILE_HEADER;
    endPosition = newBase;
  }

  /** Log position after the last byte written. */
  public long endPosition() {
    return endPosition;
  }

  /** Log position of the first record byte of the file being written now. */
  public long currentBase() {
    return base;
  }

  /** The file being written now. */
  public Path currentFile() {
    return path;
  }

  /** Files no longer written, oldest first (a copy). */
  public synchronized List<LogFile> closedFiles() {
    return List.copyOf(closed);
  }

  /** Forgets closed files the caller deleted. */
  public synchronized void forget(List<LogFile> deleted) {
    closed.removeAll(deleted);
  }

  /** True while a failed write or force has not been repaired. */
  public boolean broken() {
    return broken;
  }

  /**
   * Writes {@code batch} (position to limit) at the end of the log, rolling to a new file first if
   * it would not fit. On failure the log is marked broken until {@link #repair()} succeeds.
   */
  public void write(ByteBuffer batch) throws IOException {
    if (broken) {
      throw new IOException("the write-ahead log is not repaired yet");
    }
    int size = batch.remaining();
    batchStart = fileOffset;
    long at = fileOffset;
    try {
      if (fileOffset > LogFormat.FILE_HEADER && fileOffset + size > fileSizeLimit) {
        roll();
        batchStart = fileOffset;
        at = fileOffset;
      }
      zeroAhead(at + size);
      while (batch.hasRemaining()) {
        at += channel.write(batch, at);
      }
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
    fileOffset = at;
  }

  /** Fills the file with zeros up to past {@code need}, a step at a time, within the size limit. */
  private void zeroAhead(long need) throws IOException {
    if (need <= zeroedTo) {
      return;
    }
    long target = Math.max(need, Math.min(zeroedTo + ZERO_STEP, fileSizeLimit));
    long at = zeroedTo;
    ByteBuffer z = ZEROS.duplicate();
    while (at < target) {
      z.clear().limit((int) Math.min(z.capacity(), target - at));
      while (z.hasRemaining()) {
        at += channel.write(z, at);
      }
    }
    zeroedTo = target;
  }

  /** Forces the current file (data only). */
  public void force() throws IOException {
    try {
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
    batchStart = -1;
    endPosition = base + fileOffset - LogFormat.FILE_HEADER;
  }

  /** Publishes the end position without forcing (relaxed durability). */
  public void markWritten() {
    batchStart = -1;
    endPosition = base + fileOffset - LogFormat.FILE_HEADER;
  }

  private void roll() throws IOException {
    long end = base + fileOffset - LogFormat.FILE_HEADER;
    if (zeroedTo > fileOffset) {
      channel.truncate(fileOffset);
    }
    channel.force(false);
    LogFile old = new LogFile(path, base, end);
    FileChannel oldChannel = channel;
    startFile(end);
    synchronized (this) {
      closed.add(old);
    }
    oldChannel.close();
    LOG.debug("rolled write-ahead log to {}", path);
  }

  /**
   * After a failure: cuts the log back to the start of the failed batch, writes a probe record and
   * forces it. Throws if the device still fails; the log stays broken then.
   */
  public void repair() throws IOException {
    if (!channel.isOpen()) {
      channel = fs.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }
    long cut = batchStart >= 0 ? batchStart : fileOffset;
    channel.truncate(cut);
    ByteBuffer probe = ByteBuffer.allocate(LogFormat.RECORD_HEADER);
    probe.putInt(0).putInt(0).put(RecordType.NOOP).flip();
    probe.putInt(4, LogFormat.checksum(new CRC32C(), probe, 0, 0));
    long at = cut;
    while (probe.hasRemaining()) {
      at += channel.write(probe, at);
    }
    channel.force(true);
    fileOffset = at;
    zeroedTo = at;
    batchStart = -1;
    broken = false;
    endPosition = base + fileOffset - LogFormat.FILE_HEADER;
    LOG.info("write-ahead log {} works again; writes resume at offset {}", path, fileOffset);
  }

  @Override
  public void close() throws IOException {
    if (channel != null && channel.isOpen()) {
      try {
        if (!broken) {
          channel.force(false);
        }
      } finally {
        channel.close();
      }
    }
  }
}
