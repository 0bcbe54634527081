package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentType;
import java.util.Map;
import java.util.UUID;

/**
 * A segment's durable state as readers see it; replaced as a whole on every change. Immutable.
 *
 * @param length bytes ever appended
 * @param startOffset first readable offset
 * @param sealed appends refused
 * @param deleted the segment is gone (deleted or merged away)
 * @param attributes attribute values (an immutable map)
 * @param lastModified wall-clock millis of the last change
 */
public record SegmentView(
    long length,
    long startOffset,
    boolean sealed,
    boolean deleted,
    Map<UUID, Long> attributes,
    long lastModified) {

  SegmentInfo info(String name, SegmentType type) {
    return new SegmentInfo(name, type, length, startOffset, sealed, lastModified);
  }
}
