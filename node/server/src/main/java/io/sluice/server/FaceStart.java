package io.sluice.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One face starting on its own platform thread while the node starts the others, so a node's
 * start-up is its slowest face rather than the sum of all. {@link #await} returns the started face
 * or throws what its start threw. Thread-safe: started by one thread, awaited by another.
 *
 * @param <T> the face
 */
final class FaceStart<T> {
  /** A face's start method. */
  interface Starter<T> {
    T start() throws Exception;
  }

  private final CompletableFuture<T> result = new CompletableFuture<>();

  private FaceStart() {}

  /** Starts {@code starter} now on a new thread named {@code sluice-start-<name>}. */
  static <T> FaceStart<T> begin(String name, Starter<T> starter) {
    FaceStart<T> f = new FaceStart<>();
    Thread.ofPlatform()
        .name("sluice-start-" + name)
        .start(
            () -> {
              try {
                f.result.complete(starter.start());
              } catch (Throwable t) {
                f.result.completeExceptionally(t);
              }
            });
    return f;
  }

  /** The started face; rethrows its start's exception (an Error as it was). */
  T await() throws Exception {
    try {
      return result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw (Exception) cause;
    }
  }
}
