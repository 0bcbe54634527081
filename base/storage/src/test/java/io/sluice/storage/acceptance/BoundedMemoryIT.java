package io.sluice.storage.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: memory stays bounded however much is stored. A child JVM with a 256 MiB heap and a 64
 * MiB engine cache appends 2 GiB (64-512 KiB appends) over 1,000 segments, durably, waits for the
 * flusher, reads everything back byte for byte, then reopens and reads a sample from the segment
 * files. The child must not run out of memory (it exits on the first OutOfMemoryError), its live
 * heap after every GC must stay below the limit, the cache below its limit, and the write-ahead log
 * below 3 x walFileSize once flushing caught up. {@code -Dsluice.memory.totalBytes=N} scales the
 * run.
 */
class BoundedMemoryIT {
  private static final long HEAP = 256L << 20;

  @Test
  void twoGibOverAThousandSegmentsInA256MibHeap(@TempDir Path tmp) throws Exception {
    long total = Long.getLong("sluice.memory.totalBytes", 2L << 30);
    int segments = 1000;
    long started = System.nanoTime();
    ChildJvm child =
        ChildJvm.start(
            BoundedMemoryWorkload.class,
            List.of(
                "-Xmx" + (HEAP >> 20) + "m",
                "-XX:MaxDirectMemorySize=256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC"),
            List.of(
                tmp.resolve("data").toString(), Long.toString(total), Integer.toString(segments)),
            tmp.resolve("child"));
    boolean exited = child.waitForExit(15 * 60_000L);
    if (!exited) {
      child.sigkill();
      throw new AssertionError("child did not finish within 15 minutes: " + child.describe());
    }
    assertThat(child.exitCode()).as(child::describe).isZero();
    assertThat(child.lines()).as(child::describe).contains("@DONE");
    Map<String, Long> r = new HashMap<>();
    for (String line : child.lines()) {
      if (line.startsWith("@RESULT ")) {
        for (String kv : line.substring(8).split(" ")) {
          String[] p = kv.split("=");
          if (!p[0].equals("phase")) {
            r.put(line.contains("phase=reopen") ? "reopen." + p[0] : p[0], Long.parseLong(p[1]));
          }
        }
      }
    }
    System.out.printf(
        "BoundedMemoryIT: %d MiB in %d appends over %d segments; write %d ms (%.0f MB/s),"
            + " flush catch-up %d ms, read %d ms (%.0f MB/s); reopen %d ms; WAL max %d MiB,"
            + " after catch-up %d MiB in %d files; cache max %d MiB; heap peak after GC %d MiB,"
            + " after final GC %d MiB (max %d MiB, %d GCs); direct peak %d MiB; RSS peak %d MiB;"
            + " %d backpressured; child total %d ms, test %d ms%n",
        r.get("bytes") >> 20,
        r.get("appends"),
        segments,
        r.get("writeMs"),
        r.get("bytes") / 1e3 / Math.max(1, r.get("writeMs")),
        r.get("catchUpMs"),
        r.get("readMs"),
        r.get("bytes") / 1e3 / Math.max(1, r.get("readMs")),
        r.get("reopen.openMs"),
        r.get("maxWalBytes") >> 20,
        r.get("walBytesAfterCatchUp") >> 20,
        r.get("walFilesAfterCatchUp"),
        Math.max(r.get("maxCacheBytes"), r.get("reopen.maxCacheBytes")) >> 20,
        r.get("reopen.heapPeakAfterGc") >> 20,
        r.get("reopen.heapAfterFinalGc") >> 20,
        r.get("reopen.heapMax") >> 20,
        r.get("reopen.gcs"),
        r.get("reopen.directPeak") >> 20,
        r.get("reopen.rssPeakKb") >> 10,
        r.get("backpressured"),
        r.get("reopen.totalMs"),
        (System.nanoTime() - started) / 1_000_000);
    assertThat(r.get("bytes")).isGreaterThanOrEqualTo(total);
    assertThat(r.get("walBytesAfterCatchUp"))
        .as("WAL bytes once flushing caught up")
        .isLessThan(3 * BoundedMemoryWorkload.WAL_FILE_SIZE);
    assertThat(r.get("flushedBytes")).as("bytes moved to segment files").isGreaterThan(total / 2);
    assertThat(Math.max(r.get("maxCacheBytes"), r.get("reopen.maxCacheBytes")))
        .as("cache bytes")
        .isLessThanOrEqualTo(BoundedMemoryWorkload.CACHE_BYTES);
    assertThat(r.get("reopen.heapPeakAfterGc")).as("live heap after GC").isLessThan(HEAP);
    assertThat(r.get("reopen.heapAfterFinalGc"))
        .as("heap still in use after everything was read and a final GC")
        .isLessThan(BoundedMemoryWorkload.CACHE_BYTES + (64L << 20));
  }
}
