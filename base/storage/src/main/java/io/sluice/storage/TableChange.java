package io.sluice.storage;

import java.nio.ByteBuffer;

/**
 * One entry of a table's change feed. Immutable.
 *
 * @param key the key that changed
 * @param value the new value, or null when the key was removed
 * @param version the change's position in the feed (the entry's new version for a put)
 */
public record TableChange(ByteBuffer key, ByteBuffer value, long version) {
  public boolean removed() {
    return value == null;
  }
}
