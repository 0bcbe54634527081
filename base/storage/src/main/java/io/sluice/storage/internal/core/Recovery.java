package io.sluice.storage.internal.core;

import io.sluice.storage.FileLayer;
import io.sluice.storage.internal.log.LogScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the catalog when the engine opens: installs the last checkpoint, replays the log after
 * its position (records are redo records, applied as the log writer applied them; appended bytes
 * stay in the log as {@link io.sluice.storage.internal.data.LogExtent}s until the flusher copies
 * them, so replay takes no cache memory), then deletes chunk files no live chunk names. Runs once,
 * on the opening thread.
 */
public final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  /** What recovery found. */
  public record Outcome(LogScanner.Result log, long checkpointPosition, long records) {}

  private Recovery() {}

  public static Outcome run(
      FileLayer fs, Path dataDir, Path walDir, Path chunkDir, int maxPayload, Catalog catalog)
      throws IOException {
    Checkpoint cp = Checkpoint.read(fs, dataDir);
    long start = 0;
    if (cp != null) {
      cp.install(catalog, catalog.cache());
      start = cp.position();
    }
    LogScanner scanner = new LogScanner(fs, walDir, maxPayload);
    long[] count = new long[1];
    LogScanner.Result result =
        scanner.scan(
            start,
            (type, payload, position, file, payloadOffset) -> {
              catalog.applyRecord(type, payload, file, payloadOffset);
              count[0]++;
            });
    catalog.resetWriterView();
    deleteOrphans(fs, chunkDir, catalog);
    LOG.info(
        "recovered {} segments from checkpoint at {} and {} log records ({} bytes)",
        catalog.size(),
        start,
        count[0],
        scanner.bytesScanned());
    return new Outcome(result, start, count[0]);
  }

  private static void deleteOrphans(FileLayer fs, Path chunkDir, Catalog catalog)
      throws IOException {
    if (!fs.exists(chunkDir)) {
      return;
    }
    Set<Path> live = new HashSet<>();
    for (Segment s : catalog.all()) {
      for (ChunkRef r : s.chunks()) {
        live.add(r.chunk().file().getFileName());
      }
    }
    for (var c : catalog.deadChunks()) {
      live.remove(c.file().getFileName());
    }
    for (Path p : fs.list(chunkDir)) {
      if (!live.contains(p.getFileName())) {
        fs.deleteIfExists(p);
      }
    }
    catalog.deadChunks().clear();
  }
}
