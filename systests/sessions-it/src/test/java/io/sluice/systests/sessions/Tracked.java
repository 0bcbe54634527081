package io.sluice.systests.sessions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the crash test knows of one session: the records its creator saw acknowledged (since the
 * last acknowledged replace), how its creator finished it, and its deliveries. Thread-safe.
 */
final class Tracked {
  final long id;
  private final List<byte[]> acked = new ArrayList<>();
  private boolean relaxed;
  private boolean creatorDeleted;
  private boolean creatorDeleteUnknown;
  private int handlerDeletedAttempt;
  private int deliveries;

  Tracked(long id) {
    this.id = id;
  }

  synchronized void appended(byte[] r) {
    acked.add(r);
  }

  synchronized void replaced(byte[] r) {
    acked.clear();
    acked.add(r);
  }

  /** A replace whose outcome is unknown: the records may be the old ones or the new one. */
  synchronized void replaceUnknown() {
    relaxed = true;
  }

  synchronized void creatorDeleted() {
    creatorDeleted = true;
  }

  synchronized void creatorDeleteUnknown() {
    creatorDeleteUnknown = true;
  }

  synchronized void handlerDeleted(int attempt) {
    handlerDeletedAttempt = Math.max(handlerDeletedAttempt, attempt);
  }

  /** Whether the node must deliver this session at least once. */
  synchronized boolean mustDeliver() {
    return !creatorDeleted && !creatorDeleteUnknown;
  }

  synchronized int deliveries() {
    return deliveries;
  }

  /** Checks one delivery; returns a violation, or null. */
  synchronized String delivered(int attempt, List<byte[]> records) {
    deliveries++;
    if (creatorDeleted) {
      return "session " + id + " delivered (attempt " + attempt + ") after its creator deleted it";
    }
    if (handlerDeletedAttempt > 0 && attempt > handlerDeletedAttempt) {
      return "session "
          + id
          + " delivered (attempt "
          + attempt
          + ") after a handler deleted it (attempt "
          + handlerDeletedAttempt
          + ")";
    }
    if (!relaxed && !isSubsequence(acked, records)) {
      return "session "
          + id
          + " lost acknowledged records: acked "
          + acked.size()
          + ", delivered "
          + records.size();
    }
    return null;
  }

  private static boolean isSubsequence(List<byte[]> wanted, List<byte[]> got) {
    int j = 0;
    for (byte[] g : got) {
      if (j < wanted.size() && Arrays.equals(wanted.get(j), g)) {
        j++;
      }
    }
    return j == wanted.size();
  }
}
