package io.sluice.storage.internal.table;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One put or remove call waiting in a table's sequence. Confined to that sequence (the attempt
 * counter is mutable).
 */
final class Update implements TableOp {
  /**
   * One entry of the call.
   *
   * @param key the key
   * @param value the new value, or null to remove the key
   * @param expected the version condition (see {@link io.sluice.storage.TableKey})
   */
  record Item(Key key, ByteBuffer value, long expected) {}

  final List<Item> items;
  final CompletableFuture<List<Long>> result;
  int attempts;

  Update(List<Item> items, CompletableFuture<List<Long>> result) {
    this.items = items;
    this.result = result;
  }
}
