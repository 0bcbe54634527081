package io.sluice.storage;

/** The two kinds of segment, which share one name space. Immutable. */
public enum SegmentType {
  /** A byte sequence: appends, reads, attributes. */
  PLAIN,
  /** A table segment: versioned keys and values. */
  TABLE
}
