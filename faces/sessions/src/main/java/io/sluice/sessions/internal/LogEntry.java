package io.sluice.sessions.internal;

import java.util.List;

/**
 * One decoded record of the session log: an operation on one session. Record data is referred to by
 * position ({@link RecordRef}), never copied. Immutable.
 */
sealed interface LogEntry {
  /** The session the entry is about. */
  long id();

  /** A session was opened. */
  record New(long id, int kind) implements LogEntry {}

  /** Records were appended. */
  record Append(long id, List<RecordRef> records) implements LogEntry {}

  /** All records were replaced by one. */
  record Replace(long id, RecordRef record) implements LogEntry {}

  /** The session was finished. */
  record Delete(long id) implements LogEntry {}

  /**
   * The session was stored until {@code dueAtMillis}; {@code recovered} when the node stored it
   * because it found it unfinished after a restart.
   */
  record Store(long id, long dueAtMillis, boolean recovered) implements LogEntry {}

  /** The session was handed to a handler as delivery number {@code attempt}. */
  record Deliver(long id, int attempt) implements LogEntry {}

  /** The session moved to another kind (dead letters). */
  record Move(long id, int kind) implements LogEntry {}

  /**
   * The whole state of a session, written by compaction; it supersedes every earlier entry of the
   * session.
   */
  record Image(
      long id,
      int kind,
      int originalKind,
      SessionStatus status,
      int attempt,
      long dueAtMillis,
      long storeSeq,
      List<RecordRef> records)
      implements LogEntry {}
}
