package io.sluice.storage.internal.core;

import io.sluice.storage.ReadBuffers;
import io.sluice.storage.ReadResult;
import java.util.concurrent.CompletableFuture;

/**
 * A read waiting at the tail of a segment until data arrives, the segment is sealed or deleted, or
 * its deadline passes. No thread waits for it: whoever changes the segment completes it.
 * Thread-safe (completion is first-wins on the future).
 */
final class TailRead {
  final Segment segment;
  final long offset;
  final int maxLength;
  final CompletableFuture<ReadResult> future;
  final ReadBuffers into;

  TailRead(
      Segment segment,
      long offset,
      int maxLength,
      CompletableFuture<ReadResult> future,
      ReadBuffers into) {
    this.segment = segment;
    this.offset = offset;
    this.maxLength = maxLength;
    this.future = future;
    this.into = into;
  }
}
