package io.sluice.storage.internal.core;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Runs a function on the log writer thread after everything queued before it is durable and
 * applied, and completes with its result (checkpoints use it to take a consistent snapshot). Writes
 * no record. Log-writer owned.
 */
final class BarrierOp<T> extends Op<T> {
  private final Supplier<T> body;

  BarrierOp(Supplier<T> body) {
    super("", null);
    this.body = body;
  }

  @Override
  int queuedBytes() {
    return 64;
  }

  @Override
  int maxRecordBytes() {
    return 0;
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    return false;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {}

  @Override
  void apply(Catalog catalog, long millis) {}

  @Override
  T result() {
    return body.get();
  }

  @Override
  void complete() {
    try {
      future.complete(result());
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }
}
