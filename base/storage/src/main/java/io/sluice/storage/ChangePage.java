package io.sluice.storage;

import java.util.List;

/**
 * One page of a table's change feed. Immutable.
 *
 * @param changes in feed order
 * @param nextPosition pass as {@code fromPosition} to continue after this page
 */
public record ChangePage(List<TableChange> changes, long nextPosition) {}
