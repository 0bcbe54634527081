package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.SegmentRecord;
import java.util.List;
import java.util.UUID;

/** A new transaction: its id and the stream segments it writes through. Immutable. */
public record TxnCreated(Outcome outcome, UUID id, List<SegmentRecord> segments) {
  public TxnCreated {
    segments = List.copyOf(segments);
  }
}
