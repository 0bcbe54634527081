package io.sluice.storage;

/** When the engine acknowledges a write. Immutable. */
public enum Durability {
  /** Acknowledge only after the write-ahead log was forced to the device. The default. */
  FORCED,
  /**
   * RELAXED, NOT DURABLE: acknowledge once the write reached the operating system (written, not
   * forced). A machine crash can lose acknowledged writes; a process crash cannot. Off by default.
   */
  WRITTEN_NOT_FORCED
}
