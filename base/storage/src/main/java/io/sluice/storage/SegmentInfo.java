package io.sluice.storage;

/**
 * What a segment looks like at one moment. Immutable.
 *
 * @param name the segment's name
 * @param type plain segment or table segment
 * @param length bytes ever appended (offsets run from 0 to length)
 * @param startOffset the first offset still readable (everything before was truncated)
 * @param sealed whether appends are refused from now on
 * @param lastModifiedMillis wall-clock time of the last change
 */
public record SegmentInfo(
    String name,
    SegmentType type,
    long length,
    long startOffset,
    boolean sealed,
    long lastModifiedMillis) {}
