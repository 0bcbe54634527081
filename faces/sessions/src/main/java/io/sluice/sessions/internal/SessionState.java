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
  /**
   * Redelivery order: due time, then store order, then id. (Written out rather than composed from
   * {@code comparingLong}: every open and delete compares a few times, on the loop.)
   */
  static final Comparator<SessionState> DUE_ORDER =
      (a, b) -> {
        int c = Long.compare(a.dueAtMillis, b.dueAtMillis);
        if (c == 0) {
          c = Long.compare(a.storeSeq, b.storeSeq);
        }
        return c != 0 ? c : Long.compare(a.id, b.id);
      };

  /** Compaction order: the oldest log position the session still needs, then id. */
  static final Comparator<SessionState> FIRST_OFFSET_ORDER =
      (a, b) -> {
        int c = Long.compare(a.firstOffset, b.firstOffset);
        return c != 0 ? c : Long.compare(a.id, b.id);
      };

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
