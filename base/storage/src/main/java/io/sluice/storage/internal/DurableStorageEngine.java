package io.sluice.storage.internal;

import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;

/** Placeholder until the engine lands: the storage agent replaces this class. */
public final class DurableStorageEngine {
  private DurableStorageEngine() {}

  public static StorageEngine open(StorageConfig config) {
    throw new IllegalStateException("storage engine not built yet: " + config.dataDir());
  }
}
