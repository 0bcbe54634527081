package io.sluice.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Empties the operating system's page cache before a timed read, so that "cold" means read from the
 * disk: {@code sync} (dirty pages written first, or they could not be dropped), then {@code 1}
 * written to {@code /proc/sys/vm/drop_caches} (clean page-cache pages are freed). That needs root;
 * where it is not permitted the caller falls back to warm reads and says so. Thread-safe.
 */
final class PageCache {
  private static final Path DROP = Path.of("/proc/sys/vm/drop_caches");

  private final boolean wanted;
  private volatile String lastFailure;

  /**
   * @param wanted false to never drop (warm reads on purpose, {@code --cold=false})
   */
  PageCache(boolean wanted) {
    this.wanted = wanted;
  }

  /**
   * Syncs and drops the page cache.
   *
   * @param what which side is about to be measured, for the progress line
   * @return true if the cache was dropped, false if the read that follows is warm
   */
  boolean drop(String what) {
    if (!wanted) {
      return false;
    }
    try {
      Process sync = new ProcessBuilder("sync").inheritIO().start();
      if (!sync.waitFor(120, TimeUnit.SECONDS) || sync.exitValue() != 0) {
        throw new IOException("sync failed or took over 120 s");
      }
      Files.writeString(DROP, "1");
      System.err.printf("  page cache dropped before %s%n", what);
      return true;
    } catch (IOException | SecurityException e) {
      if (lastFailure == null) {
        System.err.printf(
            "  WARNING: cannot drop the page cache (%s); %s and the rest read WARM data%n",
            e, what);
      }
      lastFailure = e.toString();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** "cold" if every drop asked for so far worked, else "warm" with the reason. */
  String label(boolean allDropped) {
    if (allDropped) {
      return "cold page cache";
    }
    if (!wanted) {
      return "warm page cache (--cold=false)";
    }
    return "WARM page cache: dropping it failed (" + lastFailure + ")";
  }
}
