package io.sluice.storage.internal;

import io.sluice.storage.FileLayer;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.StorageStats;
import io.sluice.storage.TableStore;
import io.sluice.storage.internal.core.Catalog;
import io.sluice.storage.internal.core.Flusher;
import io.sluice.storage.internal.core.LogWriter;
import io.sluice.storage.internal.core.Recovery;
import io.sluice.storage.internal.core.SegmentReader;
import io.sluice.storage.internal.core.SegmentService;
import io.sluice.storage.internal.core.Timeouts;
import io.sluice.storage.internal.data.ReadCache;
import io.sluice.storage.internal.fs.ReadChannels;
import io.sluice.storage.internal.log.LogAppender;
import io.sluice.storage.internal.log.LogFile;
import io.sluice.storage.internal.log.LogScanner;
import io.sluice.storage.internal.table.TableSegments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine: one data directory laid out as
 *
 * <pre>
 *   lock                 held with a file lock while the engine is open
 *   checkpoint           the last checkpoint (see Checkpoint), replaced atomically
 *   wal/&lt;base&gt;.wal       write-ahead-log files (see LogFormat), deleted once checkpointed
 *   segments/&lt;id&gt;.chunk  chunk files holding segment bytes (see Chunk)
 * </pre>
 *
 * Threads: the log writer (owns the log, validates and applies every change), the flusher (chunk
 * files, checkpoints, log deletion), a timer for tail-read timeouts, virtual threads for reads from
 * chunk files, and the table layer's own. Thread-safe.
 */
public final class DurableStorageEngine implements StorageEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DurableStorageEngine.class);

  /**
   * Chunks are closed (a new one is started) past this size: the log file size, at most 32 MiB, so
   * truncation frees space in steps no larger than a log file.
   */
  static long chunkBytes(StorageConfig config) {
    return Math.min(32L << 20, config.walFileSize());
  }

  /** Chunk and log files kept open for reading (each costs one file descriptor). */
  static final int OPEN_READ_FILES = 128;

  private final StorageConfig config;
  private final DataDirLock lock;
  private final ReadCache cache;
  private final ReadChannels files;
  private final Catalog catalog;
  private final Timeouts timeouts;
  private final SegmentReader reader;
  private final Flusher flusher;
  private final LogWriter writer;
  private final SegmentService backend;
  private final SegmentService plain;
  private final TableSegments tables;
  private final Path walDir;
  private volatile boolean closed;

  private DurableStorageEngine(StorageConfig config, List<AutoCloseable> opened)
      throws IOException {
    this.config = config;
    FileLayer fs = config.fileLayer();
    Path dir = config.dataDir();
    fs.createDirectories(dir);
    walDir = dir.resolve("wal");
    Path chunkDir = dir.resolve("segments");
    fs.createDirectories(walDir);
    fs.createDirectories(chunkDir);
    lock = DataDirLock.acquire(fs, dir);
    opened.add(lock);
    cache = new ReadCache(config.cacheBytes());
    files = new ReadChannels(fs, OPEN_READ_FILES);
    opened.add(files);
    timeouts = new Timeouts(config.clock(), "sluice-storage-timer");
    opened.add(timeouts);
    SegmentReader[] readerRef = new SegmentReader[1];
    catalog = new Catalog(cache, chunkDir, chunkBytes(config), s -> readerRef[0].signal(s));
    reader = new SegmentReader(catalog, files, config.clock(), timeouts);
    readerRef[0] = reader;
    opened.add(reader);
    flusher =
        new Flusher(
            catalog,
            fs,
            files,
            dir,
            chunkDir,
            config.clock(),
            config.flushInterval(),
            config.checkpointInterval(),
            config.walFileSize());
    int maxPayload = maxPayload(config);
    Recovery.Outcome rec = Recovery.run(fs, dir, walDir, chunkDir, maxPayload, catalog);
    LogScanner.Result log = rec.log();
    LogAppender appender =
        log == null
            ? new LogAppender(fs, walDir, config.walFileSize(), List.of(), null, 0, 0)
            : new LogAppender(
                fs,
                walDir,
                config.walFileSize(),
                log.closedFiles(),
                log.lastFile(),
                log.lastBase(),
                log.lastOffset());
    writer =
        new LogWriter(
            catalog,
            appender,
            config.clock(),
            config.durability(),
            cache,
            config.writeQueueBytes(),
            maxPayload,
            config.inlineWriteIdle(),
            flusher::wakeUp);
    writer.start();
    opened.add(writer);
    flusher.recovered(rec.checkpointPosition());
    flusher.start(writer);
    opened.add(flusher);
    backend = new SegmentService(catalog, writer, reader, null, config.maxAppendBytes());
    plain = new SegmentService(catalog, writer, reader, SegmentType.PLAIN, config.maxAppendBytes());
    tables = new TableSegments(backend, config);
    opened.add(tables);
    tables.recover();
  }

  /** The largest record payload the log may hold under {@code config}. */
  static int maxPayload(StorageConfig config) {
    return config.maxAppendBytes() + (64 << 10);
  }

  /** Opens (creating or recovering) the engine in {@code config.dataDir()}. */
  public static StorageEngine open(StorageConfig config) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      DurableStorageEngine e = new DurableStorageEngine(config, opened);
      LOG.info("storage engine open in {}", config.dataDir());
      return e;
    } catch (IOException e) {
      closeAll(opened, e);
      throw new StorageException(
          StorageError.STORAGE_UNAVAILABLE,
          "cannot open the storage engine in " + config.dataDir() + ": " + e,
          e);
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  private static void closeAll(List<AutoCloseable> opened, Throwable e) {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
    }
  }

  @Override
  public SegmentStore segments() {
    return plain;
  }

  @Override
  public TableStore tables() {
    return tables;
  }

  /** The engine-internal segment layer (both segment types). */
  public SegmentBackend backend() {
    return backend;
  }

  @Override
  public StorageConfig config() {
    return config;
  }

  /** Writes every chunk's unflushed bytes to its file now (tests, tools). */
  public void flushNow() throws IOException {
    flusher.flush();
  }

  /** Writes a checkpoint now and deletes the log files it covers (tests, tools). */
  public long checkpointNow() throws IOException {
    return flusher.checkpoint();
  }

  /** Reads served from chunk files since open. */
  public long chunkFileReads() {
    return reader.fileReads();
  }

  @Override
  public StorageStats stats() {
    LogAppender log = writer.log();
    List<LogFile> closedFiles = log.closedFiles();
    long walBytes = 0;
    for (LogFile f : closedFiles) {
      walBytes += f.end() - f.base() + io.sluice.storage.internal.log.LogFormat.FILE_HEADER;
    }
    walBytes +=
        log.endPosition()
            - log.currentBase()
            + io.sluice.storage.internal.log.LogFormat.FILE_HEADER;
    return new StorageStats(
        writer.appendedBytes(),
        writer.records(),
        writer.forces(),
        closedFiles.size() + 1L,
        walBytes,
        writer.queuedBytes(),
        cache.usedBytes(),
        cache.limitBytes(),
        flusher.flushedBytes(),
        catalog.size(),
        flusher.checkpoints(),
        writer.writable());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      tables.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the table layer failed", e);
    }
    writer.stopAccepting();
    try {
      flusher.checkpoint();
    } catch (IOException | RuntimeException e) {
      LOG.warn("final checkpoint failed; the log will be replayed at the next open", e);
    }
    flusher.close();
    writer.close();
    reader.close();
    files.close();
    timeouts.close();
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the data directory lock failed", e);
    }
    LOG.info("storage engine in {} closed", config.dataDir());
  }
}
