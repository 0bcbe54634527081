package io.sluice.storage.internal.core;

import io.sluice.storage.internal.data.ReadCache;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache room one batch of the log writer has reserved for its appends, segment by segment. An
 * append reserves whole cache blocks ({@link ReadCache#BLOCK_SIZE}); the bytes of its last block it
 * does not fill are room for the next appends of the same segment in the same batch, so a batch of
 * many small appends to one segment reserves the blocks its bytes fill, not one block per append.
 * Room already free in a segment's tail block is not counted, so a batch may reserve one block more
 * per segment than it uses (released when the appends are applied). Used only by the thread that
 * owns the log writer's batch; not thread-safe.
 */
final class BatchRoom {
  private final Map<String, Integer> room = new HashMap<>();
  private String pendingSegment;
  private int pendingRoom;

  /** Starts a new batch: no room is left from the last one. */
  void clear() {
    room.clear();
    pendingSegment = null;
  }

  /**
   * The memory an append of {@code n} bytes to {@code segment} must reserve after the room the
   * batch's earlier appends left; {@link #reserved} must follow if the reservation succeeds.
   */
  long need(String segment, int n) {
    int left = room.getOrDefault(segment, 0);
    long blocks = n <= left ? 0 : ReadCache.blocksFor(n - left);
    pendingSegment = segment;
    pendingRoom = (int) (left + blocks * ReadCache.BLOCK_SIZE - n);
    return blocks * ReadCache.blockCost();
  }

  /** The reservation asked for by the last {@link #need} succeeded. */
  void reserved() {
    if (pendingSegment != null) {
      room.put(pendingSegment, pendingRoom);
      pendingSegment = null;
    }
  }

  /**
   * An operation on {@code segment} failed before it was logged and gave its reservation back: the
   * room it would have left is gone, so later appends of the batch reserve afresh.
   */
  void failed(String segment) {
    room.remove(segment);
  }
}
