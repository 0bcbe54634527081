package io.sluice.storage.internal.table;

import io.sluice.storage.StorageConfig;
import io.sluice.storage.internal.SegmentBackend;

/** Placeholder until the table layer lands: the tables agent replaces this class. */
public final class TableSegments implements AutoCloseable {
  private final SegmentBackend backend;
  private final StorageConfig config;

  public TableSegments(SegmentBackend backend, StorageConfig config) {
    this.backend = backend;
    this.config = config;
  }

  /** Rebuilds every table's index from its backing segment; called once the backend recovered. */
  public void recover() {
    throw new IllegalStateException("table layer not built yet: " + backend + " " + config);
  }

  @Override
  public void close() {}
}
