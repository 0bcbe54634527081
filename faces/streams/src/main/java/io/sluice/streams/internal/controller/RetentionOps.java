package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.RetentionCut;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamConfig;
import io.sluice.streams.internal.meta.StreamRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retention by time or size. Each pass records the tail of every stream with a retention policy as
 * a cut (at most one per {@code cutIntervalMillis}), then truncates the stream at the newest
 * recorded cut that keeps at least the policy's minimum: cuts older than the retention time, or
 * cuts with at least the retention size written after them. Thread-safe (every method holds the
 * controller's monitor).
 */
public final class RetentionOps {
  private static final int MAX_CUTS = 1000;

  private final ControllerContext ctx;
  private final StreamOps streams;

  RetentionOps(ControllerContext ctx, StreamOps streams) {
    this.ctx = ctx;
    this.streams = streams;
  }

  /** Runs one retention pass over every stream; returns how many streams were truncated. */
  public int apply(long cutIntervalMillis) {
    synchronized (ctx.lock) {
      int truncated = 0;
      for (byte[] b : new ArrayList<>(ctx.meta.scan("stream/").values())) {
        StreamRecord r = StreamRecord.decode(ByteBuffer.wrap(b));
        if (r.config().retentionType() != StreamConfig.RETENTION_NONE && !r.sealed()) {
          truncated += applyTo(r, cutIntervalMillis) ? 1 : 0;
        }
      }
      return truncated;
    }
  }

  private boolean applyTo(StreamRecord r, long cutIntervalMillis) {
    long now = ctx.clock.currentTimeMillis();
    Map<Long, Long> tail = new TreeMap<>();
    long size = r.sealedBytes();
    for (SegmentRecord s : r.currentSegments()) {
      long len =
          ctx.segments.info(Names.segment(r.scope(), r.name(), s.segmentId())).join().length();
      tail.put(s.segmentId(), len);
      size += len;
    }
    List<RetentionCut> cuts = new ArrayList<>(r.retentionCuts());
    if (cuts.isEmpty() || now - cuts.get(cuts.size() - 1).time() >= cutIntervalMillis) {
      cuts.add(new RetentionCut(now, size, tail));
      if (cuts.size() > MAX_CUTS) {
        cuts.remove(0);
      }
    }
    int pick = -1;
    long param = r.config().retentionParam();
    for (int i = 0; i < cuts.size(); i++) {
      RetentionCut c = cuts.get(i);
      boolean old =
          r.config().retentionType() == StreamConfig.RETENTION_TIME
              ? c.time() <= now - param
              : c.size() <= size - param;
      if (old) {
        pick = i;
      }
    }
    if (pick < 0 || cuts.get(pick).cut().equals(r.truncationCut())) {
      ctx.save(r.withTruncation(r.truncationCut(), cuts));
      return false;
    }
    RetentionCut chosen = cuts.get(pick);
    streams.truncateNow(r, chosen.cut(), cuts.subList(pick, cuts.size()));
    return true;
  }
}
