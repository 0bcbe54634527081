package io.sluice.storage;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A table key with the version a conditional update expects it to have. Immutable (the buffer must
 * not be changed after construction).
 *
 * @param key the key bytes (compared as unsigned bytes for ordering)
 * @param version {@link #NO_VERSION} (unconditional), {@link #NOT_EXISTS} (the key must be absent),
 *     or the exact version the key must have
 */
public record TableKey(ByteBuffer key, long version) {
  /** No condition on the key's version. */
  public static final long NO_VERSION = Long.MIN_VALUE;

  /** The key must not exist. */
  public static final long NOT_EXISTS = -1L;

  public TableKey {
    Objects.requireNonNull(key, "key");
  }

  public static TableKey unversioned(ByteBuffer key) {
    return new TableKey(key, NO_VERSION);
  }
}
