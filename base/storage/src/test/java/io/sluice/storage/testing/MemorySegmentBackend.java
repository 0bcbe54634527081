package io.sluice.storage.testing;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.AttributeUpdateType;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.SegmentBackend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * An in-memory, non-durable {@link SegmentBackend} for tests of the layers above the segment layer,
 * with fault injection: appends can be paused (they queue, then apply in order on {@link
 * #resumeAppends()}, like appends waiting for a log force) and can be made to fail, before or after
 * taking effect. Thread-safe (one monitor); futures of appends complete outside it.
 */
public final class MemorySegmentBackend implements SegmentBackend {
  private static final class Seg {
    final String name;
    final SegmentType type;
    final TreeMap<Long, byte[]> chunks = new TreeMap<>();
    final Map<UUID, Long> attributes = new HashMap<>();
    long length;
    long startOffset;
    boolean sealed;
    long modified;
    final List<Runnable> tailWaiters = new ArrayList<>();

    Seg(String name, SegmentType type) {
      this.name = name;
      this.type = type;
    }

    SegmentInfo info() {
      return new SegmentInfo(name, type, length, startOffset, sealed, modified);
    }
  }

  private record PendingAppend(
      String segment,
      byte[] data,
      long expectedLength,
      List<AttributeUpdate> updates,
      CompletableFuture<Long> result) {}

  private record Fault(StorageError error, boolean afterApplying) {}

  private final Map<String, Seg> segments = new TreeMap<>();
  private final int maxReadBytes;
  private final ArrayDeque<PendingAppend> paused = new ArrayDeque<>();
  private final ArrayDeque<Fault> faults = new ArrayDeque<>();
  private int truncateFaults;
  private boolean pause;
  private long appends;
  private long changes;

  /** A backend whose reads return everything asked for. */
  public MemorySegmentBackend() {
    this(Integer.MAX_VALUE);
  }

  /** A backend whose reads return at most {@code maxReadBytes} bytes each. */
  public MemorySegmentBackend(int maxReadBytes) {
    this.maxReadBytes = maxReadBytes;
  }

  // ---------------------------------------------------------------- fault injection

  /** From now on appends queue up until {@link #resumeAppends()}. */
  public synchronized void pauseAppends() {
    pause = true;
  }

  /** Applies the queued appends in order and lets later ones through at once. */
  public void resumeAppends() {
    List<Runnable> done = new ArrayList<>();
    synchronized (this) {
      pause = false;
      while (!paused.isEmpty()) {
        done.add(doAppend(paused.poll()));
      }
    }
    done.forEach(Runnable::run);
  }

  /** Appends queued by {@link #pauseAppends()} and not applied yet. */
  public synchronized int pausedAppends() {
    return paused.size();
  }

  /**
   * The next append fails with {@code error}; with {@code afterApplying} the data is appended
   * nonetheless (an ambiguous failure, as after a failed force).
   */
  public synchronized void failNextAppend(StorageError error, boolean afterApplying) {
    faults.add(new Fault(error, afterApplying));
  }

  /** The next {@code count} truncations fail with STORAGE_UNAVAILABLE and change nothing. */
  public synchronized void failNextTruncates(int count) {
    truncateFaults = count;
  }

  /** Appends that took effect since creation. */
  public synchronized long appendCount() {
    return appends;
  }

  // ---------------------------------------------------------------- SegmentBackend

  @Override
  public synchronized CompletableFuture<SegmentInfo> create(
      String segment, SegmentType type, Map<UUID, Long> attributes) {
    if (segment == null || segment.isEmpty()) {
      return fail(StorageError.INVALID_ARGUMENT, "bad segment name");
    }
    if (segments.containsKey(segment)) {
      return fail(StorageError.SEGMENT_EXISTS, "segment '" + segment + "' exists");
    }
    Seg s = new Seg(segment, type);
    s.attributes.putAll(attributes);
    s.modified = ++changes;
    segments.put(segment, s);
    return CompletableFuture.completedFuture(s.info());
  }

  @Override
  public CompletableFuture<Long> append(
      String segment, ByteBuffer data, long expectedLength, List<AttributeUpdate> updates) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    PendingAppend p =
        new PendingAppend(
            segment, bytes, expectedLength, List.copyOf(updates), new CompletableFuture<>());
    Runnable done;
    synchronized (this) {
      if (pause) {
        paused.add(p);
        return p.result;
      }
      done = doAppend(p);
    }
    done.run();
    return p.result;
  }

  /** Applies one append under the monitor; returns what completes it (to run outside). */
  private Runnable doAppend(PendingAppend p) {
    Fault fault = faults.poll();
    if (fault != null && !fault.afterApplying()) {
      return () -> p.result.completeExceptionally(ex(fault.error(), "injected append failure"));
    }
    Seg s = segments.get(p.segment());
    if (s == null) {
      return () -> p.result.completeExceptionally(notFound(p.segment()));
    }
    if (s.sealed) {
      return () ->
          p.result.completeExceptionally(ex(StorageError.SEGMENT_SEALED, "sealed: " + s.name));
    }
    if (p.expectedLength() != ANY_LENGTH && p.expectedLength() != s.length) {
      long actual = s.length;
      return () ->
          p.result.completeExceptionally(
              new StorageException(
                  StorageError.BAD_OFFSET,
                  "expected length " + p.expectedLength() + " but it is " + actual,
                  actual,
                  null));
    }
    StorageException bad = applyAttributes(s, p.updates());
    if (bad != null) {
      return () -> p.result.completeExceptionally(bad);
    }
    if (p.data().length > 0) {
      s.chunks.put(s.length, p.data());
      s.length += p.data().length;
    }
    s.modified = ++changes;
    appends++;
    List<Runnable> waiters = new ArrayList<>(s.tailWaiters);
    s.tailWaiters.clear();
    long length = s.length;
    return () -> {
      waiters.forEach(Runnable::run);
      if (fault != null) {
        p.result.completeExceptionally(ex(fault.error(), "injected failure after appending"));
      } else {
        p.result.complete(length);
      }
    };
  }

  @Override
  public CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail) {
    CompletableFuture<ReadResult> result = new CompletableFuture<>();
    synchronized (this) {
      Seg s = segments.get(segment);
      if (s == null) {
        return fail(StorageError.SEGMENT_NOT_FOUND, "no segment '" + segment + "'");
      }
      if (maxLength < 0) {
        return fail(StorageError.INVALID_ARGUMENT, "negative length");
      }
      if (offset < s.startOffset) {
        return fail(StorageError.SEGMENT_TRUNCATED, "offset " + offset + " truncated");
      }
      if (offset > s.length) {
        return fail(StorageError.BAD_OFFSET, "offset " + offset + " past " + s.length);
      }
      if (offset == s.length
          && !s.sealed
          && maxLength > 0
          && waitAtTail != null
          && waitAtTail.isPositive()) {
        Runnable retry =
            () -> read(segment, offset, maxLength, Duration.ZERO).whenComplete(relay(result));
        s.tailWaiters.add(retry);
        CompletableFuture.delayedExecutor(waitAtTail.toNanos(), TimeUnit.NANOSECONDS)
            .execute(
                () -> {
                  synchronized (this) {
                    s.tailWaiters.remove(retry);
                  }
                  result.complete(
                      new ReadResult(offset, ByteBuffer.allocate(0), false, lengthOf(segment)));
                });
        return result;
      }
      int n = (int) Math.min(Math.min(maxLength, maxReadBytes), s.length - offset);
      byte[] out = new byte[n];
      int done = 0;
      while (done < n) {
        Map.Entry<Long, byte[]> c = s.chunks.floorEntry(offset + done);
        int from = (int) (offset + done - c.getKey());
        int k = Math.min(c.getValue().length - from, n - done);
        System.arraycopy(c.getValue(), from, out, done, k);
        done += k;
      }
      boolean end = s.sealed && offset + n == s.length;
      return CompletableFuture.completedFuture(
          new ReadResult(offset, ByteBuffer.wrap(out).asReadOnlyBuffer(), end, s.length));
    }
  }

  private static <T> BiConsumer<T, Throwable> relay(CompletableFuture<T> to) {
    return (v, e) -> {
      if (e != null) {
        to.completeExceptionally(e);
      } else {
        to.complete(v);
      }
    };
  }

  private synchronized long lengthOf(String segment) {
    Seg s = segments.get(segment);
    return s == null ? 0 : s.length;
  }

  @Override
  public synchronized CompletableFuture<SegmentInfo> info(String segment) {
    Seg s = segments.get(segment);
    return s == null ? CompletableFuture.failedFuture(notFound(segment)) : done(s.info());
  }

  @Override
  public synchronized CompletableFuture<Map<UUID, Long>> attributes(
      String segment, Collection<UUID> ids) {
    Seg s = segments.get(segment);
    if (s == null) {
      return CompletableFuture.failedFuture(notFound(segment));
    }
    Map<UUID, Long> out = new HashMap<>();
    for (UUID id : ids) {
      Long v = s.attributes.get(id);
      if (v != null) {
        out.put(id, v);
      }
    }
    return done(out);
  }

  @Override
  public synchronized CompletableFuture<Void> updateAttributes(
      String segment, List<AttributeUpdate> updates) {
    Seg s = segments.get(segment);
    if (s == null) {
      return CompletableFuture.failedFuture(notFound(segment));
    }
    StorageException bad = applyAttributes(s, updates);
    return bad == null ? done(null) : CompletableFuture.failedFuture(bad);
  }

  private StorageException applyAttributes(Seg s, List<AttributeUpdate> updates) {
    Map<UUID, Long> next = new HashMap<>(s.attributes);
    for (AttributeUpdate u : updates) {
      long cur = next.getOrDefault(u.id(), AttributeUpdate.NULL_VALUE);
      if (u.type() == AttributeUpdateType.REPLACE_IF_EQUALS && cur != u.comparisonValue()) {
        return ex(StorageError.BAD_ATTRIBUTE_UPDATE, "attribute " + u.id() + " is " + cur);
      }
      long v =
          switch (u.type()) {
            case REPLACE, REPLACE_IF_EQUALS -> u.value();
            case REPLACE_IF_GREATER ->
                cur != AttributeUpdate.NULL_VALUE && u.value() <= cur ? cur : u.value();
            case ACCUMULATE -> (cur == AttributeUpdate.NULL_VALUE ? 0 : cur) + u.value();
          };
      if (v == AttributeUpdate.NULL_VALUE) {
        next.remove(u.id());
      } else {
        next.put(u.id(), v);
      }
    }
    s.attributes.clear();
    s.attributes.putAll(next);
    return null;
  }

  @Override
  public synchronized CompletableFuture<Long> seal(String segment) {
    Seg s = segments.get(segment);
    if (s == null) {
      return CompletableFuture.failedFuture(notFound(segment));
    }
    if (s.sealed) {
      return fail(StorageError.SEGMENT_SEALED, "already sealed");
    }
    s.sealed = true;
    s.modified = ++changes;
    return done(s.length);
  }

  @Override
  public synchronized CompletableFuture<Void> truncate(String segment, long offset) {
    Seg s = segments.get(segment);
    if (s == null) {
      return CompletableFuture.failedFuture(notFound(segment));
    }
    if (offset > s.length) {
      return fail(StorageError.BAD_OFFSET, "truncate past the end");
    }
    if (truncateFaults > 0) {
      truncateFaults--;
      return fail(StorageError.STORAGE_UNAVAILABLE, "injected truncate failure");
    }
    if (offset > s.startOffset) {
      s.startOffset = offset;
      while (!s.chunks.isEmpty()) {
        Map.Entry<Long, byte[]> first = s.chunks.firstEntry();
        if (first.getKey() + first.getValue().length > offset) {
          break;
        }
        s.chunks.pollFirstEntry();
      }
      s.modified = ++changes;
    }
    return done(null);
  }

  @Override
  public CompletableFuture<Void> delete(String segment) {
    List<Runnable> waiters;
    synchronized (this) {
      Seg s = segments.remove(segment);
      if (s == null) {
        return CompletableFuture.failedFuture(notFound(segment));
      }
      waiters = new ArrayList<>(s.tailWaiters);
      s.tailWaiters.clear();
    }
    waiters.forEach(Runnable::run);
    return done(null);
  }

  @Override
  public synchronized CompletableFuture<Long> merge(String target, String source) {
    Seg t = segments.get(target);
    Seg s = segments.get(source);
    if (t == null || s == null) {
      return CompletableFuture.failedFuture(notFound(t == null ? target : source));
    }
    if (t.sealed) {
      return fail(StorageError.SEGMENT_SEALED, "target sealed");
    }
    if (s.startOffset != 0) {
      return fail(StorageError.SEGMENT_TRUNCATED, "source was truncated");
    }
    for (byte[] c : s.chunks.values()) {
      t.chunks.put(t.length, c);
      t.length += c.length;
    }
    segments.remove(source);
    t.modified = ++changes;
    return done(t.length);
  }

  @Override
  public synchronized CompletableFuture<List<String>> list(String prefix) {
    List<String> out = new ArrayList<>();
    for (String name : segments.keySet()) {
      if (name.startsWith(prefix)) {
        out.add(name);
      }
    }
    return done(out);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static <T> CompletableFuture<T> fail(StorageError error, String message) {
    return CompletableFuture.failedFuture(ex(error, message));
  }

  private static StorageException ex(StorageError error, String message) {
    return new StorageException(error, message);
  }

  private static StorageException notFound(String segment) {
    return ex(StorageError.SEGMENT_NOT_FOUND, "no segment '" + segment + "'");
  }
}
