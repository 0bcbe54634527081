package io.sluice.storage.internal.log;

import io.sluice.storage.FileLayer;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the log back during recovery: finds the files, checks that they follow each other without
 * gaps, hands every record after a start position to a {@link RecordSink}, cuts a torn tail of the
 * last file (logged at WARN with file and offset) and fails with {@link StorageError#CORRUPT}
 * naming file and offset for anything else that is wrong. Where the records of a file stop, zeros
 * up to its end are the space the appender fills ahead of its records ({@link LogAppender}), not
 * damage; a torn tail is what lies between the last good record and those zeros. Used by one
 * thread.
 */
public final class LogScanner {
  private static final Logger LOG = LoggerFactory.getLogger(LogScanner.class);

  /** Where the log continues after the scan. */
  public record Result(List<LogFile> closedFiles, Path lastFile, long lastBase, long lastOffset) {}

  private final FileLayer fs;
  private final Path dir;
  private final int maxPayload;
  private static final int READ_STEP = 1 << 20;

  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf;
  private MappedPrefetch prefetch;
  private long bytesScanned;

  public LogScanner(FileLayer fs, Path dir, int maxPayload) {
    this.fs = fs;
    this.dir = dir;
    this.maxPayload = maxPayload;
  }

  /** Record bytes read by the last scan. */
  public long bytesScanned() {
    return bytesScanned;
  }

  /** The log files in the directory, oldest first. */
  public List<LogFile> files() throws IOException {
    List<LogFile> files = new ArrayList<>();
    if (!fs.exists(dir)) {
      return files;
    }
    for (Path p : fs.list(dir)) {
      long base = LogFormat.baseOf(p);
      if (base >= 0) {
        files.add(new LogFile(p, base, -1));
      }
    }
    files.sort(Comparator.comparingLong(LogFile::base));
    return files;
  }

  /**
   * Replays every record at or after {@code start}.
   *
   * @return where the writer continues, or null if there is no log file at all
   */
  public Result scan(long start, RecordSink sink) throws IOException {
    List<LogFile> files = files();
    if (files.isEmpty()) {
      if (start != 0) {
        throw corrupt(dir, 0, "no log files, but the checkpoint needs the log from " + start);
      }
      return null;
    }
    int first = -1;
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).base() <= start) {
        first = i;
      }
    }
    if (first < 0) {
      throw corrupt(
          files.get(0).path(),
          0,
          "log starts at " + files.get(0).base() + " but the checkpoint needs it from " + start);
    }
    List<LogFile> closed = new ArrayList<>();
    for (int i = 0; i < first; i++) {
      LogFile f = files.get(i);
      closed.add(new LogFile(f.path(), f.base(), files.get(i + 1).base()));
    }
    // Reads in 1 MiB steps (the copy stays in the CPU cache for the checksum); a larger record
    // grows the buffer.
    buf = ByteBuffer.allocateDirect(READ_STEP);
    long position = start;
    for (int i = first; i < files.size(); i++) {
      LogFile f = files.get(i);
      boolean last = i == files.size() - 1;
      if (f.base() > position) {
        throw corrupt(f.path(), 0, "gap in the log: expected position " + position);
      }
      long offset = LogFormat.FILE_HEADER + (position - f.base());
      long end = scanFile(f, offset, last, sink);
      position = f.base() + end - LogFormat.FILE_HEADER;
      if (last) {
        return new Result(closed, f.path(), f.base(), end);
      }
      if (files.get(i + 1).base() != position) {
        throw corrupt(
            files.get(i + 1).path(),
            0,
            "log file starts at "
                + files.get(i + 1).base()
                + " but the previous ends at "
                + position);
      }
      closed.add(new LogFile(f.path(), f.base(), position));
    }
    throw new IllegalStateException("unreachable");
  }

  /** Returns the file offset after the last good record. */
  private long scanFile(LogFile f, long offset, boolean last, RecordSink sink) throws IOException {
    try (FileChannel ch = fs.open(f.path(), StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer h = ByteBuffer.allocate(LogFormat.FILE_HEADER);
      readFully(ch, h, 0);
      h.flip();
      String bad = LogFormat.checkHeader(h, f.base());
      if (bad != null) {
        if (last && size <= LogFormat.FILE_HEADER) {
          LOG.warn("rewriting the torn header of write-ahead log file {} ({})", f.path(), bad);
          try (FileChannel w = fs.open(f.path(), StandardOpenOption.WRITE)) {
            w.truncate(0);
            ByteBuffer nh = LogFormat.header(f.base());
            while (nh.hasRemaining()) {
              w.write(nh, nh.position());
            }
            w.force(true);
          }
          return LogFormat.FILE_HEADER;
        }
        throw corrupt(f.path(), 0, bad);
      }
      if (offset > size) {
        throw corrupt(f.path(), size, "file ends before the checkpoint position");
      }
      ByteBuffer own = buf;
      MappedByteBuffer mapped = map(ch, size);
      if (mapped != null) {
        // The whole file is in view: no copies, no refills (the loop below never needs one).
        buf = mapped.duplicate().position((int) offset);
        if (size - offset > MappedPrefetch.WINDOW) {
          prefetch = new MappedPrefetch(mapped, offset);
        }
      } else {
        buf.clear().limit(0);
      }
      try {
        return scanRecords(f, ch, offset, size, last, sink);
      } finally {
        stopPrefetch();
        buf = mapped != null ? own : buf;
      }
    }
  }

  private void stopPrefetch() {
    if (prefetch != null) {
      prefetch.close();
      prefetch = null;
    }
  }

  /** Maps a whole log file for reading, or returns null where mapping is not possible. */
  private static MappedByteBuffer map(FileChannel ch, long size) {
    if (size > Integer.MAX_VALUE - 8) {
      return null;
    }
    try {
      return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }

  private long scanRecords(
      LogFile f, FileChannel ch, long offset, long size, boolean last, RecordSink sink)
      throws IOException {
    long bufFileOffset = offset; // file offset of buf.position()
    long pos = offset;
    while (true) {
      if (pos == size) {
        return pos;
      }
      int need = LogFormat.RECORD_HEADER;
      if (buf.remaining() >= LogFormat.RECORD_HEADER) {
        int len = buf.getInt(buf.position());
        if (len > 0 && len <= maxPayload) {
          need += len;
        }
      }
      if (buf.remaining() < need && bufFileOffset + buf.remaining() < size) {
        if (need > buf.capacity()) {
          ByteBuffer bigger = ByteBuffer.allocateDirect(need + READ_STEP);
          bigger.put(buf);
          buf = bigger;
        } else {
          buf.compact();
        }
        long readAt = bufFileOffset + buf.position();
        while (buf.hasRemaining() && readAt < size) {
          int n = ch.read(buf, readAt);
          if (n < 0) {
            break;
          }
          readAt += n;
        }
        buf.flip();
      }
      int p = buf.position();
      String problem = null;
      int len = 0;
      if (buf.remaining() < LogFormat.RECORD_HEADER) {
        problem = "partial record header";
      } else {
        len = buf.getInt(p);
        byte type = buf.get(p + 8);
        if (len < 0 || len > maxPayload) {
          problem = "bad record length " + len;
        } else if (buf.remaining() < LogFormat.RECORD_HEADER + len) {
          problem = "partial record of " + len + " bytes";
        } else if (!RecordType.isValid(type)) {
          problem = "unknown record type " + type;
        } else if (buf.getInt(p + 4) != LogFormat.checksum(crc, buf, p, len)) {
          problem = "checksum mismatch";
        }
      }
      if (problem != null) {
        long content = contentEnd(ch, pos, size);
        if (content == pos) {
          // Only zeros from here on: the space the appender filled ahead of its records.
          return pos;
        }
        stopPrefetch(); // the file may be cut below
        if (last && !validRecordAfter(ch, pos, content, size)) {
          LOG.warn(
              "cutting the torn tail of write-ahead log file {} at offset {} ({} bytes): {}",
              f.path(),
              pos,
              content - pos,
              problem);
          try (FileChannel w = fs.open(f.path(), StandardOpenOption.WRITE)) {
            w.truncate(pos);
            w.force(true);
          }
          return pos;
        }
        throw corrupt(f.path(), pos, problem);
      }
      long position = f.base() + pos - LogFormat.FILE_HEADER;
      int lim = buf.limit();
      buf.position(p + LogFormat.RECORD_HEADER).limit(p + LogFormat.RECORD_HEADER + len);
      try {
        sink.record(buf.get(p + 8), buf, position, f.path(), pos + LogFormat.RECORD_HEADER);
      } catch (StorageException | java.io.UncheckedIOException e) {
        throw e;
      } catch (RuntimeException e) {
        throw corrupt(f.path(), pos, "record does not apply: " + e);
      }
      buf.limit(lim).position(p + LogFormat.RECORD_HEADER + len);
      bufFileOffset += LogFormat.RECORD_HEADER + len;
      pos += LogFormat.RECORD_HEADER + len;
      if (prefetch != null) {
        prefetch.consumed(pos);
      }
      bytesScanned += LogFormat.RECORD_HEADER + len;
    }
  }

  /**
   * The file offset after the last byte in {@code [from, size)} that is not zero, or {@code from}
   * if they all are.
   */
  private static long contentEnd(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
    ByteBuffer block = ByteBuffer.allocate(zeros.capacity());
    long end = size;
    while (end > from) {
      int n = (int) Math.min(block.capacity(), end - from);
      block.clear().limit(n);
      readFully(ch, block, end - n);
      block.flip();
      if (block.remaining() < n) {
        throw new IOException(ch + " is shorter than " + size + " bytes");
      }
      zeros.clear().limit(n);
      if (block.mismatch(zeros) >= 0) {
        for (int i = n - 1; ; i--) {
          if (block.get(i) != 0) {
            return end - n + i + 1;
          }
        }
      }
      end -= n;
    }
    return from;
  }

  /**
   * Whether a well-formed record with a good checksum starts after {@code from} and before {@code
   * startsBefore} (where only zeros follow; the record itself may run on into them, up to {@code
   * size}).
   */
  private boolean validRecordAfter(FileChannel ch, long from, long startsBefore, long size)
      throws IOException {
    long end = Math.min(size, startsBefore + LogFormat.RECORD_HEADER + (long) maxPayload);
    long n = end - from;
    if (n <= LogFormat.RECORD_HEADER) {
      return false;
    }
    if (n > Integer.MAX_VALUE - 16) {
      return true;
    }
    ByteBuffer all = ByteBuffer.allocate((int) n);
    readFully(ch, all, from);
    all.flip();
    int lastStart = (int) (startsBefore - from);
    for (int p = 1; p < lastStart && p + LogFormat.RECORD_HEADER <= all.limit(); p++) {
      int len = all.getInt(p);
      if (len < 0 || len > maxPayload || p + LogFormat.RECORD_HEADER + len > all.limit()) {
        continue;
      }
      if (!RecordType.isValid(all.get(p + 8))) {
        continue;
      }
      if (all.getInt(p + 4) == LogFormat.checksum(crc, all, p, len)) {
        return true;
      }
    }
    return false;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long p = at;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        return;
      }
      p += n;
    }
  }

  /** A CORRUPT error naming the file and offset. */
  public static StorageException corrupt(Path file, long offset, String what) {
    return new StorageException(
        StorageError.CORRUPT,
        "corrupt write-ahead log " + file + " at offset " + offset + ": " + what);
  }
}
