package io.sluice.storage.internal.core;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.ReadBuffers;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.SegmentBackend;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The segment operations over the engine's core: state changes go to the {@link LogWriter} as
 * operations, reads and queries are served from the published state by the {@link SegmentReader}.
 * With an {@code onlyType}, every operation refuses segments of the other type with
 * WRONG_SEGMENT_TYPE (the public {@link SegmentStore} is the PLAIN-only instance); without one it
 * is the engine-internal {@link SegmentBackend}. Thread-safe.
 */
public final class SegmentService implements SegmentBackend {
  /** The longest segment name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 4096;

  private final Catalog catalog;
  private final LogWriter writer;
  private final SegmentReader reader;
  private final SegmentType onlyType;
  private final int maxAppendBytes;

  public SegmentService(
      Catalog catalog,
      LogWriter writer,
      SegmentReader reader,
      SegmentType onlyType,
      int maxAppendBytes) {
    this.catalog = catalog;
    this.writer = writer;
    this.reader = reader;
    this.onlyType = onlyType;
    this.maxAppendBytes = maxAppendBytes;
  }

  private static <T> CompletableFuture<T> failed(StorageError e, String msg) {
    return CompletableFuture.failedFuture(new StorageException(e, msg));
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      return "a segment name must not be empty";
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "segment name longer than " + MAX_NAME_BYTES + " bytes";
    }
    return null;
  }

  private String checkUpdates(List<AttributeUpdate> updates) {
    if (updates == null) {
      return "attribute updates must not be null";
    }
    if (updates.size() > Attributes.MAX_UPDATES) {
      return "more than " + Attributes.MAX_UPDATES + " attribute updates in one operation";
    }
    for (AttributeUpdate u : updates) {
      if (u == null) {
        return "null attribute update";
      }
    }
    return null;
  }

  @Override
  public CompletableFuture<SegmentInfo> create(
      String segment, SegmentType type, Map<UUID, Long> attributes) {
    String bad = checkName(segment);
    if (bad != null) {
      return failed(StorageError.INVALID_ARGUMENT, bad);
    }
    Objects.requireNonNull(type, "type");
    if (onlyType != null && type != onlyType) {
      return failed(StorageError.WRONG_SEGMENT_TYPE, "this store creates " + onlyType + " only");
    }
    Map<UUID, Long> attrs = attributes == null ? Map.of() : attributes;
    if (attrs.size() > Attributes.MAX_UPDATES) {
      return failed(StorageError.INVALID_ARGUMENT, "too many attributes");
    }
    List<Map.Entry<UUID, Long>> list = new ArrayList<>(attrs.size());
    for (Map.Entry<UUID, Long> e : attrs.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        return failed(StorageError.INVALID_ARGUMENT, "null attribute id or value");
      }
      if (e.getValue() != AttributeUpdate.NULL_VALUE) {
        list.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    return writer.submit(new CreateOp(segment, type, list));
  }

  @Override
  public CompletableFuture<SegmentInfo> create(String segment, Map<UUID, Long> attributes) {
    return create(segment, onlyType == null ? SegmentType.PLAIN : onlyType, attributes);
  }

  @Override
  public CompletableFuture<Long> append(
      String segment, ByteBuffer data, long expectedLength, List<AttributeUpdate> updates) {
    String bad = checkName(segment);
    if (bad == null && data == null) {
      bad = "data must not be null";
    }
    if (bad == null && data.remaining() > maxAppendBytes) {
      bad =
          "append of "
              + data.remaining()
              + " bytes is larger than the limit of "
              + maxAppendBytes
              + " bytes";
    }
    if (bad == null && expectedLength < SegmentStore.ANY_LENGTH) {
      bad = "bad expected length " + expectedLength;
    }
    if (bad == null) {
      bad = checkUpdates(updates);
    }
    if (bad != null) {
      return failed(StorageError.INVALID_ARGUMENT, bad);
    }
    return writer.submit(new AppendOp(segment, onlyType, data, expectedLength, updates));
  }

  @Override
  public CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail) {
    return read(segment, offset, maxLength, waitAtTail, ReadBuffers.HEAP);
  }

  @Override
  public CompletableFuture<ReadResult> read(
      String segment, long offset, int maxLength, Duration waitAtTail, ReadBuffers into) {
    if (maxLength < 0 || offset < 0) {
      return failed(StorageError.INVALID_ARGUMENT, "negative offset or length");
    }
    return reader.read(segment, onlyType, offset, maxLength, waitAtTail, into);
  }

  private Segment find(String segment) {
    Segment s = catalog.get(segment);
    if (s == null || s.view().deleted()) {
      throw Catalog.notFound(segment);
    }
    if (onlyType != null && s.type != onlyType) {
      throw new StorageException(
          StorageError.WRONG_SEGMENT_TYPE, segment + " is a " + s.type + " segment");
    }
    return s;
  }

  @Override
  public CompletableFuture<SegmentInfo> info(String segment) {
    try {
      Segment s = find(segment);
      return CompletableFuture.completedFuture(s.view().info(s.name, s.type));
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Map<UUID, Long>> attributes(String segment, Collection<UUID> ids) {
    try {
      Map<UUID, Long> all = find(segment).view().attributes();
      Map<UUID, Long> out = new HashMap<>();
      for (UUID id : ids) {
        Long v = all.get(id);
        if (v != null) {
          out.put(id, v);
        }
      }
      return CompletableFuture.completedFuture(out);
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> updateAttributes(String segment, List<AttributeUpdate> updates) {
    String bad = checkName(segment);
    if (bad == null) {
      bad = checkUpdates(updates);
    }
    if (bad != null) {
      return failed(StorageError.INVALID_ARGUMENT, bad);
    }
    return writer.submit(new AttributesOp(segment, onlyType, updates));
  }

  @Override
  public CompletableFuture<Long> seal(String segment) {
    return writer.submit(new SealOp(segment, onlyType));
  }

  @Override
  public CompletableFuture<Void> truncate(String segment, long offset) {
    if (offset < 0) {
      return failed(StorageError.INVALID_ARGUMENT, "negative truncation offset " + offset);
    }
    return writer.submit(new TruncateOp(segment, onlyType, offset));
  }

  @Override
  public CompletableFuture<Void> delete(String segment) {
    return writer.submit(new DeleteOp(segment, onlyType));
  }

  @Override
  public CompletableFuture<Long> merge(String target, String source) {
    return writer.submit(new MergeOp(target, source, onlyType));
  }

  @Override
  public CompletableFuture<List<String>> list(String prefix) {
    String p = prefix == null ? "" : prefix;
    List<String> out = new ArrayList<>();
    for (Segment s : catalog.all()) {
      if (s.name.startsWith(p)) {
        out.add(s.name);
      }
    }
    out.sort(null);
    return CompletableFuture.completedFuture(out);
  }
}
