package io.sluice.kv;

/** etcd's --auto-compaction-mode. Immutable. */
public enum AutoCompactionMode {
  /** No automatic compaction (etcd's default). */
  NONE,
  /** Keep a time window of history (retention is a duration). */
  PERIODIC,
  /** Keep a number of revisions of history (retention is a count). */
  REVISION
}
