package io.sluice.bench.pravega;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the directories the benchmark's servers wrote. */
final class Directories {
  private Directories() {}

  /** Deletes {@code path} and everything under it; ignores what cannot be deleted. */
  static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a leftover temp file does not change the figures
                }
              });
    } catch (IOException e) {
      // best effort, as above
    }
  }
}
