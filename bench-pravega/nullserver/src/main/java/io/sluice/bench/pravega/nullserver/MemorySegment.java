package io.sluice.bench.pravega.nullserver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One segment's bytes in 1 MiB pages, its start offset (after truncation), sealed flag and
 * attributes. Appends copy into the pages; reads hand out wrapped slices of them without a copy.
 *
 * <p>Not thread-safe: owned by the null segment store's single event loop.
 */
final class MemorySegment {
  static final long NULL_VALUE = Long.MIN_VALUE;
  private static final int PAGE = 1 << 20;

  private final List<byte[]> pages = new ArrayList<>();
  private final Map<UUID, Long> attributes = new HashMap<>();
  private long length;
  private long startOffset;
  private boolean sealed;

  long length() {
    return length;
  }

  long startOffset() {
    return startOffset;
  }

  boolean sealed() {
    return sealed;
  }

  void seal() {
    sealed = true;
  }

  void truncate(long offset) {
    startOffset = Math.max(startOffset, Math.min(offset, length));
  }

  long attribute(UUID id) {
    return attributes.getOrDefault(id, NULL_VALUE);
  }

  void setAttribute(UUID id, long value) {
    attributes.put(id, value);
  }

  /** Copies the readable bytes of {@code data} to the end; returns the new length. */
  long append(ByteBuf data) {
    int from = data.readerIndex();
    int left = data.readableBytes();
    while (left > 0) {
      int inPage = (int) (length % PAGE);
      if (inPage == 0 && pages.size() * (long) PAGE == length) {
        pages.add(new byte[PAGE]);
      }
      int n = Math.min(left, PAGE - inPage);
      data.getBytes(from, pages.get((int) (length / PAGE)), inPage, n);
      from += n;
      left -= n;
      length += n;
    }
    return length;
  }

  /** Up to {@code max} bytes from {@code offset} (at most to the end of one page), not copied. */
  ByteBuf read(long offset, int max) {
    int inPage = (int) (offset % PAGE);
    int n = (int) Math.min(Math.min(max, length - offset), PAGE - inPage);
    if (n <= 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    return Unpooled.wrappedBuffer(pages.get((int) (offset / PAGE)), inPage, n);
  }
}
