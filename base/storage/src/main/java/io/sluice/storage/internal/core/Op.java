package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * One state-changing operation on its way through the log writer: {@link #prepare} validates it
 * against the writer view and updates that view, {@link #encode} writes its redo record, and once
 * the batch is durable {@link #apply} publishes the effect and {@link #complete} tells the caller.
 * An operation whose prepare failed is completed with its error after the batch, so replies keep
 * log order. Created by any thread, then owned by the log writer thread.
 *
 * @param <T> the result type
 */
abstract class Op<T> {
  final CompletableFuture<T> future = new CompletableFuture<>();
  final String segment;
  final SegmentType expectedType;
  StorageException error;
  boolean logged;

  /** Cache memory reserved for this operation by the log writer (blocks for an append's bytes). */
  long reserved;

  Op(String segment, SegmentType expectedType) {
    this.segment = segment;
    this.expectedType = expectedType;
  }

  /** Bytes this operation holds while queued (its data plus a fixed overhead). */
  abstract int queuedBytes();

  /** The most bytes its record can take, frame header included (0 if it writes no record). */
  abstract int maxRecordBytes();

  /**
   * Validates against the writer view and updates it.
   *
   * @return true if a record must be written; false if the operation is done without one
   * @throws StorageException when it is refused
   */
  abstract boolean prepare(Catalog catalog, long millis);

  /** Writes the redo record at {@code buf}'s position. */
  abstract void encode(ByteBuffer buf, long millis, CRC32C crc);

  /** Publishes the effect (after the record is durable). */
  abstract void apply(Catalog catalog, long millis);

  /** The caller's result, after {@link #apply}. */
  abstract T result();

  void complete() {
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(result());
    }
  }

  /** The writer-view segment this operation names, checked to exist and be of the right type. */
  Segment lookup(Catalog catalog, String name) {
    Segment s = catalog.wLookup(name);
    if (s == null) {
      throw Catalog.notFound(name);
    }
    if (expectedType != null && s.type != expectedType) {
      throw new StorageException(
          StorageError.WRONG_SEGMENT_TYPE,
          name + " is a " + s.type.name().toLowerCase(java.util.Locale.ROOT) + " segment");
    }
    return s;
  }

  static int begin(ByteBuffer buf) {
    int start = buf.position();
    buf.position(start + LogFormat.RECORD_HEADER);
    return start;
  }

  static void end(ByteBuffer buf, int start, byte type, CRC32C crc) {
    int len = buf.position() - start - LogFormat.RECORD_HEADER;
    buf.putInt(start, len);
    buf.put(start + 8, type);
    buf.putInt(start + 4, LogFormat.checksum(crc, buf, start, len));
  }
}
