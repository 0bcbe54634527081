package io.sluice.sessions.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The state machine of the session log: applies log entries (live, as they are written, or when
 * replaying the log at start) to the set of live sessions, and keeps the indexes the node needs: a
 * redelivery queue per kind in (due time, store order) order, and the sessions in order of the
 * oldest log offset they need (for compaction).
 *
 * <p>Applying is lenient: an entry about a session that is not live (its earlier entries were
 * compacted away after it was deleted) is ignored, so replaying any retained suffix of the log
 * gives the live state. Owned by the sessions loop thread; not thread-safe.
 */
final class SessionIndex {
  private final Map<Long, SessionState> sessions = new HashMap<>();
  private final Map<Integer, TreeSet<SessionState>> queues = new HashMap<>();
  private final TreeSet<SessionState> byFirstOffset =
      new TreeSet<>(SessionState.FIRST_OFFSET_ORDER);
  private long liveBytes;

  SessionState get(long id) {
    return sessions.get(id);
  }

  int size() {
    return sessions.size();
  }

  Collection<SessionState> all() {
    return sessions.values();
  }

  /** Encoded bytes of every live session's records (what images of all of them would hold). */
  long liveBytes() {
    return liveBytes;
  }

  /** The oldest log offset any live session needs, or {@code fallback} when none is live. */
  long minFirstOffset(long fallback) {
    return byFirstOffset.isEmpty() ? fallback : byFirstOffset.first().firstOffset;
  }

  /** Live sessions in order of the oldest offset they need. */
  NavigableSet<SessionState> byFirstOffset() {
    return byFirstOffset;
  }

  /** The kinds that have stored sessions, each with its queue in redelivery order. */
  Map<Integer, TreeSet<SessionState>> queues() {
    return queues;
  }

  void clear() {
    sessions.clear();
    queues.clear();
    byFirstOffset.clear();
    liveBytes = 0;
  }

  /**
   * Applies one entry that starts at {@code offset} in the log.
   *
   * @return the session it changed, or null when it was ignored or deleted the session
   */
  SessionState apply(LogEntry entry, long offset) {
    return switch (entry) {
      case LogEntry.New n -> {
        if (sessions.containsKey(n.id())) {
          yield null;
        }
        SessionState s = new SessionState(n.id(), n.kind());
        s.firstOffset = offset;
        sessions.put(s.id, s);
        byFirstOffset.add(s);
        yield s;
      }
      case LogEntry.Image im -> {
        SessionState s = sessions.get(im.id());
        if (s == null) {
          s = new SessionState(im.id(), im.kind());
          sessions.put(s.id, s);
        } else {
          dequeue(s);
          byFirstOffset.remove(s);
          liveBytes -= s.encodedBytes;
          s.clearRecords();
          s.kind = im.kind();
          s.version++;
        }
        s.originalKind = im.originalKind();
        s.status = im.status();
        s.attempt = im.attempt();
        s.dueAtMillis = im.dueAtMillis();
        s.storeSeq = im.storeSeq();
        s.firstOffset = offset;
        im.records().forEach(s::addRecord);
        byFirstOffset.add(s);
        liveBytes += s.encodedBytes;
        if (s.status == SessionStatus.STORED) {
          enqueue(s);
        }
        yield s;
      }
      case LogEntry.Delete d -> {
        remove(d.id());
        yield null;
      }
      default -> {
        SessionState s = sessions.get(entry.id());
        if (s == null) {
          yield null;
        }
        applyTo(s, entry, offset);
        s.version++;
        yield s;
      }
    };
  }

  private void applyTo(SessionState s, LogEntry entry, long offset) {
    switch (entry) {
      case LogEntry.Append a -> {
        liveBytes -= s.encodedBytes;
        a.records().forEach(s::addRecord);
        liveBytes += s.encodedBytes;
      }
      case LogEntry.Replace r -> {
        liveBytes -= s.encodedBytes;
        s.clearRecords();
        s.addRecord(r.record());
        liveBytes += s.encodedBytes;
      }
      case LogEntry.Store st -> {
        dequeue(s);
        s.status = SessionStatus.STORED;
        s.dueAtMillis = st.dueAtMillis();
        s.storeSeq = offset;
        enqueue(s);
      }
      case LogEntry.Deliver dv -> {
        dequeue(s);
        s.status = SessionStatus.DELIVERED;
        s.attempt = dv.attempt();
      }
      case LogEntry.Move m -> {
        boolean queued = dequeue(s);
        s.kind = m.kind();
        if (queued) {
          enqueue(s);
        }
      }
      default -> throw new IllegalArgumentException("not a per-session change: " + entry);
    }
  }

  /**
   * Puts a delivered session back in its queue without a log entry (its lease lapsed or its handler
   * went away): due at {@code nowMillis}, ordered after everything stored so far by {@code seq}.
   */
  void release(SessionState s, long nowMillis, long seq) {
    dequeue(s);
    s.status = SessionStatus.STORED;
    s.dueAtMillis = nowMillis;
    s.storeSeq = seq;
    s.lease = null;
    s.version++;
    enqueue(s);
  }

  private void remove(long id) {
    SessionState s = sessions.remove(id);
    if (s != null) {
      dequeue(s);
      byFirstOffset.remove(s);
      liveBytes -= s.encodedBytes;
      s.version++;
      s.lease = null;
    }
  }

  private void enqueue(SessionState s) {
    queues.computeIfAbsent(s.kind, k -> new TreeSet<>(SessionState.DUE_ORDER)).add(s);
  }

  private boolean dequeue(SessionState s) {
    if (s.status != SessionStatus.STORED) {
      return false;
    }
    TreeSet<SessionState> q = queues.get(s.kind);
    if (q == null || !q.remove(s)) {
      return false;
    }
    if (q.isEmpty()) {
      queues.remove(s.kind);
    }
    return true;
  }
}
