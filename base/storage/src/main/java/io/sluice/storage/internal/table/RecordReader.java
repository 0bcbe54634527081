package io.sluice.storage.internal.table;

import io.sluice.storage.ReadResult;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.internal.SegmentBackend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads table records and values from the backend segments. Memory per call is bounded: a budget of
 * bytes plus at most one record (itself bounded by the append limit). Thread-safe (stateless beyond
 * its configuration).
 */
final class RecordReader {
  private final SegmentBackend backend;
  private final int maxRecordBytes;

  RecordReader(SegmentBackend backend, StorageConfig config) {
    this.backend = backend;
    // Records were written under some append limit; never refuse the default-sized ones even if the
    // limit was lowered since, and never trust a length beyond the bytes present.
    this.maxRecordBytes = Math.max(config.maxAppendBytes(), StorageConfig.DEFAULT_MAX_APPEND_BYTES);
  }

  /**
   * Reads whole records from {@code from} (a record start) towards {@code to}: about {@code budget}
   * bytes of them, and always at least one when {@code from < to}.
   */
  CompletableFuture<List<TableRecord>> records(
      String table, long from, long to, int budget, boolean withValues) {
    if (from >= to) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (to - from < RecordCodec.PREFIX_BYTES) {
      return CompletableFuture.failedFuture(
          RecordCodec.corrupt(table, from, "partial record at the end"));
    }
    int chunk = (int) Math.min(to - from, Math.max(budget, RecordCodec.PREFIX_BYTES));
    return bytes(table, from, chunk)
        .thenCompose(
            buf -> {
              List<TableRecord> out = new ArrayList<>();
              long offset = from;
              while (buf.remaining() >= RecordCodec.PREFIX_BYTES) {
                int length =
                    RecordCodec.peekLength(table, buf, offset, to - offset, maxRecordBytes);
                if (buf.remaining() < length) {
                  break;
                }
                out.add(RecordCodec.decode(table, buf, offset, length, withValues));
                offset += length;
              }
              if (!out.isEmpty()) {
                return CompletableFuture.completedFuture(out);
              }
              int length = RecordCodec.peekLength(table, buf, from, to - from, maxRecordBytes);
              return bytes(table, from, length)
                  .thenApply(
                      whole -> List.of(RecordCodec.decode(table, whole, from, length, withValues)));
            });
  }

  /** Reads exactly {@code length} bytes at {@code offset}; the result is read-only. */
  CompletableFuture<ByteBuffer> bytes(String table, long offset, int length) {
    if (length == 0) {
      return CompletableFuture.completedFuture(ByteBuffer.allocate(0).asReadOnlyBuffer());
    }
    CompletableFuture<ByteBuffer> result = new CompletableFuture<>();
    new Fill(table, offset, length, result).next();
    return result;
  }

  /** One {@link #bytes} call in progress: issues reads until the buffer is full. */
  private final class Fill {
    private final String table;
    private final long offset;
    private final int length;
    private final CompletableFuture<ByteBuffer> result;
    private ByteBuffer acc;

    Fill(String table, long offset, int length, CompletableFuture<ByteBuffer> result) {
      this.table = table;
      this.offset = offset;
      this.length = length;
      this.result = result;
    }

    /** Loops while reads complete at once, so a long chain of small reads cannot overflow. */
    void next() {
      while (true) {
        int done = acc == null ? 0 : acc.position();
        CompletableFuture<ReadResult> f;
        try {
          f = backend.read(table, offset + done, length - done, Duration.ZERO);
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
          return;
        }
        if (!f.isDone()) {
          f.whenComplete(
              (r, e) -> {
                if (accept(r, e)) {
                  next();
                }
              });
          return;
        }
        ReadResult r;
        try {
          r = f.join();
        } catch (CompletionException e) {
          accept(null, e.getCause() == null ? e : e.getCause());
          return;
        } catch (RuntimeException e) {
          accept(null, e);
          return;
        }
        if (!accept(r, null)) {
          return;
        }
      }
    }

    /** Takes one read's outcome; true when more must be read. */
    private boolean accept(ReadResult r, Throwable e) {
      if (e != null) {
        result.completeExceptionally(e);
        return false;
      }
      ByteBuffer d = r.data();
      if (acc == null && d.remaining() >= length) {
        result.complete(d.slice(d.position(), length).asReadOnlyBuffer());
        return false;
      }
      if (!d.hasRemaining()) {
        result.completeExceptionally(
            RecordCodec.corrupt(
                table,
                offset,
                "segment ends before "
                    + (offset + length)
                    + " (length "
                    + r.segmentLength()
                    + ")"));
        return false;
      }
      if (acc == null) {
        acc = ByteBuffer.allocate(length);
      }
      ByteBuffer part = d.duplicate();
      part.limit(part.position() + Math.min(part.remaining(), acc.remaining()));
      acc.put(part);
      if (!acc.hasRemaining()) {
        result.complete(acc.flip().asReadOnlyBuffer());
        return false;
      }
      return true;
    }
  }
}
