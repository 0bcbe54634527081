package io.sluice.storage;

import java.util.Objects;
import java.util.UUID;

/**
 * One change to one attribute of a segment (attributes are {@code UUID -> long}). A list of updates
 * is applied atomically: if any conditional update fails, none is applied and the operation fails
 * with {@link StorageError#BAD_ATTRIBUTE_UPDATE}. Immutable.
 */
public record AttributeUpdate(UUID id, AttributeUpdateType type, long value, long comparisonValue) {

  /** The value of an absent attribute; storing it removes the attribute. */
  public static final long NULL_VALUE = Long.MIN_VALUE;

  public AttributeUpdate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
  }

  public static AttributeUpdate replace(UUID id, long value) {
    return new AttributeUpdate(id, AttributeUpdateType.REPLACE, value, NULL_VALUE);
  }

  public static AttributeUpdate replaceIfGreater(UUID id, long value) {
    return new AttributeUpdate(id, AttributeUpdateType.REPLACE_IF_GREATER, value, NULL_VALUE);
  }

  /** Compare-and-set: {@code expected} may be {@link #NULL_VALUE} for "only if absent". */
  public static AttributeUpdate replaceIfEquals(UUID id, long value, long expected) {
    return new AttributeUpdate(id, AttributeUpdateType.REPLACE_IF_EQUALS, value, expected);
  }

  public static AttributeUpdate accumulate(UUID id, long delta) {
    return new AttributeUpdate(id, AttributeUpdateType.ACCUMULATE, delta, NULL_VALUE);
  }
}
