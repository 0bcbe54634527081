package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.SegmentRecord;
import java.util.List;

/**
 * Result of a scale request: the outcome, the new segments and the epoch they belong to. Immutable.
 */
public record ScaleResult(Outcome outcome, List<SegmentRecord> newSegments, int epoch) {
  public ScaleResult {
    newSegments = List.copyOf(newSegments);
  }

  static ScaleResult failed(Outcome o) {
    return new ScaleResult(o, List.of(), -1);
  }
}
