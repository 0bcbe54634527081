package io.sluice.storage.internal;

import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The segment layer as the engine's own parts see it: the same operations as {@link SegmentStore},
 * applied to segments of either {@link SegmentType} without checking the type. The public {@link
 * SegmentStore} is a facade over this that refuses table segments; the table layer ({@code
 * io.sluice.storage.internal.table}) keeps each table segment's entries in the backend segment of
 * the same name. Thread-safe.
 */
public interface SegmentBackend extends SegmentStore {
  /** Creates a segment of the given type; {@code SEGMENT_EXISTS} if the name is taken. */
  CompletableFuture<SegmentInfo> create(
      String segment, SegmentType type, Map<UUID, Long> attributes);

  @Override
  default CompletableFuture<SegmentInfo> create(String segment, Map<UUID, Long> attributes) {
    return create(segment, SegmentType.PLAIN, attributes);
  }
}
