package io.sluice.sessions.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One live session as the node holds it in memory: where its records lie in the log, its status,
 * due time and attempt counter. The record bytes themselves stay in the log. Owned by the sessions
 * loop thread; not thread-safe.
 */
final class SessionState {
  /** Redelivery order: due time, then store order, then id. */
  static final Comparator<SessionState> DUE_ORDER =
      Comparator.<SessionState>comparingLong(s -> s.dueAtMillis)
          .thenComparingLong(s -> s.storeSeq)
          .thenComparingLong(s -> s.id);

  /** Compaction order: the oldest log position the session still needs, then id. */
  static final Comparator<SessionState> FIRST_OFFSET_ORDER =
      Comparator.<SessionState>comparingLong(s -> s.firstOffset).thenComparingLong(s -> s.id);

  final long id;
  int kind;
  int originalKind;
  SessionStatus status = SessionStatus.OPEN;
  int attempt;
  long dueAtMillis;
  long storeSeq;
  final List<RecordRef> records = new ArrayList<>();

  /** Bytes of record data plus the per-record framing, as an image would hold them. */
  long encodedBytes;

  long dataBytes;

  /** The oldest log offset this session's state depends on (its NEW or latest IMAGE record). */
  long firstOffset;

  /** Bumped by every change, so compaction can tell whether a session changed under it. */
  long version;

  /** The handler holding the session's lease, while DELIVERED in this process. */
  HandlerStream lease;

  long leaseDeadlineNanos;

  SessionState(long id, int kind) {
    this.id = id;
    this.kind = kind;
    this.originalKind = kind;
  }

  void addRecord(RecordRef ref) {
    records.add(ref);
    encodedBytes += LogCodec.PER_RECORD + ref.length();
    dataBytes += ref.length();
  }

  void clearRecords() {
    records.clear();
    encodedBytes = 0;
    dataBytes = 0;
  }

  @Override
  public String toString() {
    return "session " + id + " (kind " + kind + ", " + status + ", attempt " + attempt + ")";
  }
}
