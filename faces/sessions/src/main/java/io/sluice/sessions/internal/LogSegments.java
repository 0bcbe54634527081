package io.sluice.sessions.internal;

import io.sluice.storage.SegmentStore;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The session log as a chain of plain segments, {@code <prefix>log/<base>}, where {@code base} (19
 * decimal digits) is the global log offset of the segment's first byte. A global offset {@code o}
 * lies in the segment with the greatest base not above {@code o}, at {@code o - base}. Records
 * never span segments. New segments are started at the log's end once the current one is over the
 * roll size; whole segments below the oldest offset any live session needs are deleted. Modified
 * only by the sessions loop thread; lookups are thread-safe.
 */
final class LogSegments {
  private final String prefix;
  private final NavigableMap<Long, String> byBase = new ConcurrentSkipListMap<>();

  LogSegments(String facePrefix) {
    this.prefix = facePrefix + "log/";
  }

  String prefix() {
    return prefix;
  }

  String nameOf(long base) {
    String digits = Long.toString(base);
    StringBuilder b = new StringBuilder(prefix.length() + 19).append(prefix);
    for (int i = digits.length(); i < 19; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** The base encoded in a segment name of this log, or -1 if the name is not one. */
  long baseOf(String name) {
    if (!name.startsWith(prefix) || name.length() != prefix.length() + 19) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Loads the segment names (blocking). */
  void load(SegmentStore store) {
    byBase.clear();
    List<String> names = store.list(prefix).join();
    for (String n : names) {
      long base = baseOf(n);
      if (base >= 0) {
        byBase.put(base, n);
      }
    }
  }

  void add(long base) {
    byBase.put(base, nameOf(base));
  }

  void remove(long base) {
    byBase.remove(base);
  }

  /** Segments in log order, base to name. */
  NavigableMap<Long, String> all() {
    return byBase;
  }

  /** The segment holding global offset {@code offset}, or null. */
  Map.Entry<Long, String> at(long offset) {
    return byBase.floorEntry(offset);
  }

  boolean isEmpty() {
    return byBase.isEmpty();
  }

  long firstBase() {
    return byBase.firstKey();
  }

  long lastBase() {
    return byBase.lastKey();
  }
}
