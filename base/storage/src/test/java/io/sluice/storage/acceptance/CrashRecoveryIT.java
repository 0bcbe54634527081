package io.sluice.storage.acceptance;

import static org.awaitility.Awaitility.await;

import io.sluice.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: nothing acknowledged is lost and nothing half-done appears when the process dies.
 *
 * <p>Each cycle starts {@link CrashWorkload} in a child JVM on the same data directory, reads its
 * acknowledgement lines, kills it with SIGKILL at a random moment (sometimes while it is still
 * opening, i.e. during recovery), then reopens the directory in this JVM and checks everything
 * against {@link CrashModel}: acknowledged appends present byte for byte and in order, every
 * segment a gap-free prefix of what was issued, attributes updated atomically with their appends,
 * table entries and versions, the compare-and-set counter, merges (all or nothing, never both
 * source and target), truncation and seals. The seed is printed; rerun one with {@code
 * -Dsluice.crash.seed=N}, and set the cycle count with {@code -Dsluice.crash.cycles=N}.
 */
class CrashRecoveryIT {
  private static final long DEFAULT_SEED = 0x51CE_2026L;

  @Test
  void everyAcknowledgedOperationSurvivesSigkill(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("sluice.crash.seed", DEFAULT_SEED);
    int cycles = Integer.getInteger("sluice.crash.cycles", 24);
    System.out.printf("CrashRecoveryIT seed=%d cycles=%d%n", seed, cycles);
    Random rnd = new Random(seed);
    Path data = tmp.resolve("data");
    CrashModel model = new CrashModel();
    List<String> transcript = new ArrayList<>();
    long started = System.nanoTime();
    for (int cycle = 0; cycle < cycles; cycle++) {
      Path output = tmp.resolve("child-" + cycle);
      ChildJvm child =
          ChildJvm.start(
              CrashWorkload.class,
              List.of("-Xmx256m", "-XX:+UseSerialGC"),
              List.of(data.toString(), Integer.toString(cycle), Long.toString(seed)),
              output);
      String mode;
      boolean duringOpen = cycle > 0 && rnd.nextInt(5) == 0;
      if (duringOpen) {
        long delay = rnd.nextInt(1500);
        mode = "kill " + delay + " ms after OPENING";
        await("child prints @OPENING")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> child.lineCount() > 0 || !child.alive());
        child.waitForExit(delay);
      } else {
        int lines = 1 + rnd.nextInt(6000);
        long delay = rnd.nextInt(30);
        mode = "kill " + delay + " ms after " + lines + " lines";
        await("child prints " + lines + " lines after @READY")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> (child.ready() && child.lineCount() >= lines) || !child.alive());
        child.waitForExit(delay);
      }
      if (!child.alive()) {
        throw new AssertionError(
            "child ended by itself in cycle " + cycle + ": " + child.describe());
      }
      child.sigkill();
      model.startCycle();
      List<String> lines = child.lines();
      transcript.add("# cycle " + cycle + ": " + mode);
      transcript.addAll(lines);
      for (String line : lines) {
        model.apply(line);
      }
      if (model.failure() != null) {
        throw new AssertionError("workload failed in cycle " + cycle + ": " + child.describe());
      }
      long verifyStart = System.nanoTime();
      boolean full = cycle % 6 == 5 || cycle == cycles - 1;
      try (StorageEngine engine = StorageEngine.open(CrashWorkload.config(data))) {
        model.verifyAndResolve(engine, full);
      } catch (AssertionError | RuntimeException e) {
        Path kept = keep(data, transcript);
        throw new AssertionError(
            "cycle "
                + cycle
                + " (seed "
                + seed
                + ", "
                + mode
                + "; data directory kept in "
                + kept
                + "): "
                + e.getMessage(),
            e);
      }
      System.out.printf(
          "cycle %2d: %-32s %6d lines, %6d acks, verify%s %4d ms%n",
          cycle,
          mode,
          lines.size(),
          model.acksThisCycle(),
          full ? " (full)" : "",
          (System.nanoTime() - verifyStart) / 1_000_000);
      Files.deleteIfExists(Path.of(output + ".out"));
      Files.deleteIfExists(Path.of(output + ".err"));
    }
    // A clean close and reopen must keep everything as well.
    try (StorageEngine engine = StorageEngine.open(CrashWorkload.config(data))) {
      model.verifyAndResolve(engine, true);
    }
    System.out.printf(
        "CrashRecoveryIT: %d cycles, %d acknowledged operations, %d s%n",
        cycles, model.totalAcks(), (System.nanoTime() - started) / 1_000_000_000);
  }

  /** Copies the data directory of a failed run to target/ so it can be inspected. */
  private static Path keep(Path data, List<String> transcript) throws IOException {
    Path to = Path.of("target", "crash-recovery-failure-" + System.currentTimeMillis());
    try (Stream<Path> files = Files.walk(data)) {
      for (Path p : files.toList()) {
        Path dst = to.resolve(data.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst);
        }
      }
    }
    Files.write(to.resolve("child-stdout.txt"), transcript);
    return to.toAbsolutePath();
  }
}
