package io.sluice.sessions.internal;

import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads record bytes back from the session log by global offset. Records lying close together in
 * one segment (the records of one APPEND or IMAGE) are read as one range. Thread-safe.
 */
final class RecordReader {
  private static final int MAX_GAP = 64;
  private static final int MAX_SPAN = 4 << 20;

  private final SegmentStore store;
  private final LogSegments segments;

  RecordReader(SegmentStore store, LogSegments segments) {
    this.store = store;
    this.segments = segments;
  }

  private long baseOf(long offset) {
    Map.Entry<Long, String> e = segments.at(offset);
    return e == null ? -1 : e.getKey();
  }

  /** The bytes of each record, in the order given. */
  CompletableFuture<List<ByteBuffer>> read(List<RecordRef> refs) {
    if (refs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<List<ByteBuffer>>> spans = new ArrayList<>();
    int i = 0;
    while (i < refs.size()) {
      int j = i + 1;
      long start = refs.get(i).offset();
      long spanEnd = refs.get(i).end();
      long base = baseOf(start);
      while (j < refs.size()) {
        RecordRef next = refs.get(j);
        if (next.offset() < spanEnd
            || next.offset() - spanEnd > MAX_GAP
            || next.end() - start > MAX_SPAN
            || baseOf(next.offset()) != base) {
          break;
        }
        spanEnd = next.end();
        j++;
      }
      List<RecordRef> group = refs.subList(i, j);
      long spanStart = start;
      spans.add(
          readRange(spanStart, (int) (spanEnd - spanStart))
              .thenApply(
                  range -> {
                    List<ByteBuffer> out = new ArrayList<>(group.size());
                    for (RecordRef r : group) {
                      int from = (int) (r.offset() - spanStart);
                      out.add(range.slice(from, r.length()));
                    }
                    return out;
                  }));
      i = j;
    }
    return CompletableFuture.allOf(spans.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<ByteBuffer> all = new ArrayList<>(refs.size());
              spans.forEach(f -> all.addAll(f.join()));
              return all;
            });
  }

  /** Exactly {@code length} bytes from {@code offset}. */
  CompletableFuture<ByteBuffer> readRange(long offset, int length) {
    ByteBuffer out = ByteBuffer.allocate(length);
    return fill(out, offset).thenApply(ByteBuffer::flip);
  }

  private CompletableFuture<ByteBuffer> fill(ByteBuffer out, long offset) {
    if (!out.hasRemaining()) {
      return CompletableFuture.completedFuture(out);
    }
    Map.Entry<Long, String> segment = segments.at(offset);
    if (segment == null) {
      return CompletableFuture.failedFuture(
          new StorageException(
              StorageError.SEGMENT_TRUNCATED, "no session log segment holds offset " + offset));
    }
    return store
        .read(segment.getValue(), offset - segment.getKey(), out.remaining(), Duration.ZERO)
        .thenCompose(
            r -> {
              int n = r.data().remaining();
              if (n == 0) {
                return CompletableFuture.failedFuture(
                    new StorageException(
                        StorageError.BAD_OFFSET,
                        "session log ends at "
                            + r.segmentLength()
                            + ", before the record bytes at "
                            + offset));
              }
              out.put(r.data());
              return fill(out, offset + n);
            });
  }
}
