package io.sluice.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A key, its value and a version. In an update, the version is the condition (see {@link
 * TableKey}); in a result, it is the version the entry has. Versions are positive, unique within a
 * table, and grow with every update. Immutable (buffers must not be changed after construction).
 */
public record TableEntry(ByteBuffer key, ByteBuffer value, long version) {
  public TableEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  public static TableEntry unversioned(ByteBuffer key, ByteBuffer value) {
    return new TableEntry(key, value, TableKey.NO_VERSION);
  }

  public static TableEntry notExists(ByteBuffer key, ByteBuffer value) {
    return new TableEntry(key, value, TableKey.NOT_EXISTS);
  }

  public static TableEntry versioned(ByteBuffer key, ByteBuffer value, long version) {
    return new TableEntry(key, value, version);
  }
}
