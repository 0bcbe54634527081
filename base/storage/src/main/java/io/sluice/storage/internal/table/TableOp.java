package io.sluice.storage.internal.table;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Work queued in a table's sequence: an {@link Update}, or a barrier that runs only once every
 * append in flight has settled ({@link Delete}, {@link CompactStep}). Confined to the sequence.
 */
sealed interface TableOp permits Update, TableOp.Delete, TableOp.CompactStep {
  /** Deletes the table, if empty when {@code mustBeEmpty}. */
  record Delete(boolean mustBeEmpty, CompletableFuture<Void> result) implements TableOp {}

  /** One compaction step over records read from the head of the segment. */
  record CompactStep(List<TableRecord> records) implements TableOp {}
}
