package io.sluice.bench.storage;

import io.sluice.storage.StorageEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Recovery replay rate: a child JVM ({@link WalFill}) fills the write-ahead log and is killed with
 * SIGKILL; then the time of {@link StorageEngine#open} on that directory gives MB/s of log
 * replayed. The anchor reads a file of the same size sequentially with FileChannel. The page cache
 * is dropped before each side ({@link PageCache}), so both read from the disk; with {@code
 * --cold=false}, or without the right to drop it, both read warm (files just written). Not
 * thread-safe.
 */
final class RecoveryBench {
  /** One round's figures. */
  record Round(long walBytes, long dirBytes, long openNanos, long anchorNanos, boolean cold) {
    double replayMBps() {
      return walBytes / 1e3 / (openNanos / 1e6);
    }

    double anchorMBps() {
      return walBytes / 1e3 / (anchorNanos / 1e6);
    }

    double ratio() {
      return replayMBps() / anchorMBps();
    }
  }

  private final BenchOptions o;
  private final PageCache pageCache;

  RecoveryBench(BenchOptions o, PageCache pageCache) {
    this.o = o;
    this.pageCache = pageCache;
  }

  List<Round> run() throws Exception {
    List<Round> rounds = new ArrayList<>();
    ClassWarmUp.run(o.baseDir(), WalFill.config(o.baseDir()));
    for (int r = 1; r <= o.rounds(); r++) {
      Path dir = BenchDirs.fresh(o.baseDir(), "recovery-");
      try {
        Round round = round(dir);
        rounds.add(round);
        System.err.printf(
            "recovery round %d/%d (%s): replayed %d MiB of log (dir %d MiB) in %d ms ="
                + " %.0f MB/s; anchor read %.0f MB/s; ratio %.2f%n",
            r,
            o.rounds(),
            round.cold() ? "cold" : "warm",
            round.walBytes() >> 20,
            round.dirBytes() >> 20,
            round.openNanos() / 1_000_000,
            round.replayMBps(),
            round.anchorMBps(),
            round.ratio());
      } finally {
        BenchDirs.delete(dir);
      }
    }
    return rounds;
  }

  private Round round(Path dir) throws Exception {
    Path data = dir.resolve("engine");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            StorageBench.class.getName(),
            "fill-wal",
            data.toString(),
            Long.toString(o.replayBytes()));
    System.err.printf("  recovery: filling %d MiB of log in a child JVM%n", o.replayBytes() >> 20);
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("FILLED"));
      child.destroyForcibly();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("fill child survived SIGKILL");
      }
    }
    if (line == null) {
      throw new IllegalStateException(
          "fill child ended without filling: exit " + child.exitValue());
    }
    long dirBytes = BenchDirs.size(data);
    boolean cold = pageCache.drop("the engine's recovery");
    long t0 = System.nanoTime();
    long walBytes;
    long openNanos;
    try (StorageEngine engine = StorageEngine.open(WalFill.config(data))) {
      openNanos = System.nanoTime() - t0;
      walBytes = engine.stats().walBytes();
    }
    Path anchorFile = dir.resolve("anchor.dat");
    Anchors.writeFile(anchorFile, walBytes);
    cold &= pageCache.drop("the anchor's read");
    long anchorNanos = Anchors.sequentialRead(anchorFile);
    return new Round(walBytes, dirBytes, openNanos, anchorNanos, cold);
  }
}
