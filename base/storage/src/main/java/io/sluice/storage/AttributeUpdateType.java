package io.sluice.storage;

/** How an {@link AttributeUpdate} changes an attribute's value. Immutable. */
public enum AttributeUpdateType {
  /** Set the value unconditionally ({@link AttributeUpdate#NULL_VALUE} removes the attribute). */
  REPLACE,
  /** Set the value only if it is greater than the current one (or the attribute is absent). */
  REPLACE_IF_GREATER,
  /**
   * Set the value only if the current one equals {@link AttributeUpdate#comparisonValue()} ({@link
   * AttributeUpdate#NULL_VALUE} there means "only if absent"). The compare-and-set.
   */
  REPLACE_IF_EQUALS,
  /** Add the value to the current one (absent counts as 0). */
  ACCUMULATE
}
