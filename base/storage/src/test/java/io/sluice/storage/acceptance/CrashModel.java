package io.sluice.storage.acceptance;

import static io.sluice.storage.acceptance.CrashWorkload.ATTRS;
import static io.sluice.storage.acceptance.CrashWorkload.COND;
import static io.sluice.storage.acceptance.CrashWorkload.COUNTER;
import static io.sluice.storage.acceptance.CrashWorkload.LAST_SEQ;
import static io.sluice.storage.acceptance.CrashWorkload.MAX_PAYLOAD;
import static io.sluice.storage.acceptance.CrashWorkload.MERGED;
import static io.sluice.storage.acceptance.CrashWorkload.TABLE;
import static io.sluice.storage.acceptance.CrashWorkload.TABLE_KEYS;

import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TablePage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the parent of {@link CrashWorkload} knows must be on disk: built from the child's
 * acknowledgement and intent lines, checked against a reopened engine after each kill, then
 * narrowed to what was observed (an operation in flight at the kill may or may not have survived,
 * but after one reopen its fate is fixed and must stay so).
 *
 * <p>Line protocol (one line per event, in each child thread's order): {@code @A id seq end} append
 * acknowledged (end = segment length after it); {@code @CI/@CA id} create intent/ack of {@code
 * tx-id} or {@code life-id}; {@code @MI/@MA id [end]} merge of {@code tx-id} into {@code merged};
 * {@code @TRI/@TRA off} truncate of {@code merged}; {@code @SI/@SA id [len]} seal; {@code @KI key
 * put tag|rem} and {@code @KA key put tag version|rem} table updates; {@code @XI/@XA v} the
 * attribute counter; {@code @BASE} base segments exist; {@code @FAIL msg} the child hit an error.
 * Not thread-safe: the test thread owns it.
 */
final class CrashModel {
  /** A tx- or life- segment. */
  private static final class Seg {
    final int id;
    boolean createAcked;
    boolean gone; // must not exist (merged away, or its create never happened)
    long count; // records known present
    final Map<Long, Long> ackEnds = new HashMap<>();
    boolean sealPending;
    boolean sealed;
    long sealedLength;
    boolean sealChecked;

    Seg(int id) {
      this.id = id;
    }

    long ackedCount() {
      long n = count;
      for (long s : ackEnds.keySet()) {
        n = Math.max(n, s + 1);
      }
      return n;
    }

    long ackedLength() {
      long len = 0;
      for (long e : ackEnds.values()) {
        len = Math.max(len, e);
      }
      return len;
    }
  }

  private record Block(int id, long start, long end) {
    @Override
    public String toString() {
      return "tx-" + id + "[" + start + ".." + end + ")";
    }
  }

  private record KeyState(String tag, long version) {}

  /** A table update in flight: one or more keys, one tag (null: remove). */
  private record KeyIntent(List<String> keys, String tag) {}

  private boolean baseAcked;
  private final long[] streamCount = new long[COND + 1];
  private final long[] streamLength = new long[COND + 1];
  private final List<Map<Long, Long>> streamAcks = new ArrayList<>();
  private final Map<Integer, Seg> segs = new TreeMap<>();
  private final List<Block> blocks = new ArrayList<>();
  private Integer mergePending;
  private long truncAcked;
  private Long truncPending;
  private final Map<String, KeyState> keys = new TreeMap<>();
  private KeyIntent keyPending;
  private long maxVersion;
  private long counter;
  private Long counterPending;
  private String failure;
  private long acksThisCycle;
  private long totalAcks;

  CrashModel() {
    for (int i = 0; i <= COND; i++) {
      streamAcks.add(new HashMap<>());
    }
  }

  /** The child's failure line, if it printed one. */
  String failure() {
    return failure;
  }

  long acksThisCycle() {
    return acksThisCycle;
  }

  long totalAcks() {
    return totalAcks;
  }

  /** Applies one complete line the child printed. */
  void apply(String line) {
    String[] f = line.split(" ");
    switch (f[0]) {
      case "@BASE" -> baseAcked = true;
      case "@A" -> {
        int id = Integer.parseInt(f[1]);
        long seq = Long.parseLong(f[2]);
        long end = Long.parseLong(f[3]);
        if (id <= COND) {
          streamAcks.get(id).put(seq, end);
        } else {
          seg(id).ackEnds.put(seq, end);
        }
        ack();
      }
      case "@CI" -> segs.put(Integer.parseInt(f[1]), new Seg(Integer.parseInt(f[1])));
      case "@CA" -> {
        seg(Integer.parseInt(f[1])).createAcked = true;
        ack();
      }
      case "@MI" -> mergePending = Integer.parseInt(f[1]);
      case "@MA" -> {
        Seg s = seg(Integer.parseInt(f[1]));
        long end = Long.parseLong(f[2]);
        long start = blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).end();
        Block b = new Block(s.id, start, start + s.ackedLength());
        check(
            b.end() == end,
            "merge of tx-%d was acknowledged with target length %d, expected %d",
            s.id,
            end,
            b.end());
        blocks.add(b);
        s.gone = true;
        mergePending = null;
        ack();
      }
      case "@TRI" -> truncPending = Long.parseLong(f[1]);
      case "@TRA" -> {
        truncAcked = Long.parseLong(f[1]);
        truncPending = null;
        ack();
      }
      case "@SI" -> seg(Integer.parseInt(f[1])).sealPending = true;
      case "@SA" -> {
        Seg s = seg(Integer.parseInt(f[1]));
        s.sealed = true;
        s.sealPending = false;
        s.sealedLength = Long.parseLong(f[2]);
        check(
            s.sealedLength == s.ackedLength(),
            "seal of life-%d returned length %d, appends ended at %d",
            s.id,
            s.sealedLength,
            s.ackedLength());
        ack();
      }
      case "@KI" ->
          keyPending = new KeyIntent(List.of(f[1].split(",")), f[2].equals("put") ? f[3] : null);
      case "@KA" -> {
        String[] ks = f[1].split(",");
        if (f[2].equals("put")) {
          String[] vs = f[4].split(",");
          long max = maxVersion;
          for (int i = 0; i < ks.length; i++) {
            long version = Long.parseLong(vs[i]);
            check(
                version > maxVersion,
                "table put of %s got version %d, not above the previous %d",
                ks[i],
                version,
                maxVersion);
            max = Math.max(max, version);
            keys.put(ks[i], new KeyState(f[3], version));
          }
          maxVersion = max;
        } else {
          for (String k : ks) {
            keys.remove(k);
          }
        }
        keyPending = null;
        ack();
      }
      case "@XI" -> counterPending = Long.parseLong(f[1]);
      case "@XA" -> {
        counter = Long.parseLong(f[1]);
        counterPending = null;
        ack();
      }
      case "@FAIL" -> failure = line;
      default -> {
        // @OPENING, @OPENED, @READY: progress only
      }
    }
  }

  private void ack() {
    acksThisCycle++;
    totalAcks++;
  }

  private Seg seg(int id) {
    Seg s = segs.get(id);
    if (s == null) {
      throw new AssertionError("child printed a line for unknown segment id " + id);
    }
    return s;
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new AssertionError(String.format(format, args));
    }
  }

  /**
   * Checks a reopened engine against everything acknowledged, then narrows in-flight operations to
   * what was observed.
   *
   * @param full re-read every segment from its start (else only what is new since last time)
   */
  void verifyAndResolve(StorageEngine engine, boolean full) {
    SegmentStore st = engine.segments();
    Set<String> existing = new HashSet<>(st.list("").join());
    if (baseAcked) {
      for (int id = 0; id <= COND; id++) {
        check(existing.contains(CrashWorkload.streamName(id)), "segment stream-%d is missing", id);
      }
      check(existing.contains(MERGED), "segment %s is missing", MERGED);
      check(existing.contains(ATTRS), "segment %s is missing", ATTRS);
      check(existing.contains(TABLE), "table %s is missing", TABLE);
    }
    for (int id = 0; id <= COND; id++) {
      verifyStream(st, existing, id, full);
    }
    verifyMerged(st, existing);
    for (Seg s : segs.values()) {
      verifySeg(st, existing, s);
    }
    verifyTable(engine, existing);
    verifyCounter(st, existing);
    for (String name : existing) {
      boolean known =
          name.equals(MERGED)
              || name.equals(ATTRS)
              || name.equals(TABLE)
              || name.startsWith("stream-")
              || ((name.startsWith("tx-") || name.startsWith("life-"))
                  && segs.containsKey(Integer.parseInt(name.substring(name.indexOf('-') + 1))));
      check(known, "segment %s exists but the workload never created it", name);
    }
  }

  /** Starts counting the acknowledgements of a new cycle. */
  void startCycle() {
    acksThisCycle = 0;
  }

  private void verifyStream(SegmentStore st, Set<String> existing, int id, boolean full) {
    String name = CrashWorkload.streamName(id);
    Map<Long, Long> acks = streamAcks.get(id);
    if (!existing.contains(name)) {
      check(acks.isEmpty() && streamCount[id] == 0, "%s with acknowledged appends is gone", name);
      return;
    }
    SegmentInfo info = st.info(name).join();
    check(
        info.startOffset() == 0, "%s: start offset %d, never truncated", name, info.startOffset());
    long from = full ? 0 : streamLength[id];
    long firstSeq = full ? 0 : streamCount[id];
    check(
        info.length() >= streamLength[id],
        "%s: length %d, shorter than the %d bytes seen before",
        name,
        info.length(),
        streamLength[id]);
    List<Records.Found> found =
        Records.parse(
            name, SegmentReads.readRange(st, name, from, info.length()), from, MAX_PAYLOAD);
    for (int i = 0; i < found.size(); i++) {
      Records.Found r = found.get(i);
      check(
          r.segId() == id && r.seq() == firstSeq + i,
          "%s @%d: found record %d/%d where %d/%d belongs (a gap or a record out of order)",
          name,
          r.offset(),
          r.segId(),
          r.seq(),
          id,
          firstSeq + i);
    }
    long count = firstSeq + found.size();
    for (Map.Entry<Long, Long> a : acks.entrySet()) {
      long seq = a.getKey();
      check(seq < count, "%s: acknowledged append %d is lost (only %d records)", name, seq, count);
      if (seq >= firstSeq) {
        long end = found.get((int) (seq - firstSeq)).end();
        check(
            end == a.getValue(),
            "%s: append %d was acknowledged ending at %d but ends at %d",
            name,
            seq,
            a.getValue(),
            end);
      }
    }
    Long last = st.attributes(name, List.of(LAST_SEQ)).join().get(LAST_SEQ);
    if (count > 0) {
      check(
          last != null && last == count - 1,
          "%s: attribute last-seq is %s but the last record is %d (append and attribute update"
              + " were not atomic)",
          name,
          last,
          count - 1);
    } else {
      check(last == null, "%s: attribute last-seq is %s on an empty segment", name, last);
    }
    streamCount[id] = count;
    streamLength[id] = info.length();
    acks.clear();
  }

  private void verifyMerged(SegmentStore st, Set<String> existing) {
    if (!existing.contains(MERGED)) {
      check(blocks.isEmpty() && mergePending == null, "%s with merged data is gone", MERGED);
      return;
    }
    SegmentInfo info = st.info(MERGED).join();
    long s = info.startOffset();
    boolean truncOk = s == truncAcked || (truncPending != null && s == truncPending);
    check(
        truncOk,
        "%s: start offset %d, but truncation acknowledged at %d (in flight: %s)",
        MERGED,
        s,
        truncAcked,
        truncPending);
    truncAcked = s;
    truncPending = null;
    List<Records.Found> found =
        Records.parse(MERGED, SegmentReads.readRange(st, MERGED, s, info.length()), s, MAX_PAYLOAD);
    List<Block> seen = new ArrayList<>();
    int i = 0;
    while (i < found.size()) {
      Records.Found first = found.get(i);
      int j = i;
      while (j < found.size() && found.get(j).segId() == first.segId()) {
        check(
            found.get(j).seq() == j - i,
            "%s @%d: record %d/%d where %d/%d belongs",
            MERGED,
            found.get(j).offset(),
            first.segId(),
            found.get(j).seq(),
            first.segId(),
            j - i);
        j++;
      }
      seen.add(new Block(first.segId(), first.offset(), found.get(j - 1).end()));
      i = j;
    }
    List<Block> expected = blocks.stream().filter(b -> b.end() > s).toList();
    check(
        seen.size() >= expected.size()
            && seen.subList(0, expected.size()).equals(expected)
            && seen.size() <= expected.size() + 1,
        "%s from %d holds blocks %s, expected %s (then at most tx-%s)",
        MERGED,
        s,
        seen,
        expected,
        mergePending);
    if (seen.size() > expected.size()) {
      Block extra = seen.get(seen.size() - 1);
      check(
          mergePending != null && extra.id() == mergePending,
          "%s ends with tx-%d whose merge was not in flight (in flight: tx-%s); blocks %s,"
              + " expected %s",
          MERGED,
          extra.id(),
          mergePending,
          seen,
          expected);
      Seg tx = seg(extra.id());
      check(
          extra.end() - extra.start() == tx.ackedLength(),
          "%s: merged tx-%d holds %d bytes, the tx had %d",
          MERGED,
          extra.id(),
          extra.end() - extra.start(),
          tx.ackedLength());
      check(
          !existing.contains(CrashWorkload.txName(tx.id)),
          "tx-%d is both merged into %s and still exists",
          tx.id,
          MERGED);
      blocks.add(extra);
      tx.gone = true;
    } else if (mergePending != null) {
      check(
          existing.contains(CrashWorkload.txName(mergePending)),
          "tx-%d is lost: neither merged into %s nor still there",
          mergePending,
          MERGED);
    }
    long end = seen.isEmpty() ? s : seen.get(seen.size() - 1).end();
    check(info.length() == end, "%s: length %d, records end at %d", MERGED, info.length(), end);
    mergePending = null;
  }

  private void verifySeg(SegmentStore st, Set<String> existing, Seg s) {
    String name = s.id < 2_000_000 ? CrashWorkload.txName(s.id) : CrashWorkload.lifeName(s.id);
    if (s.gone) {
      check(!existing.contains(name), "%s exists but must be gone (merged or never created)", name);
      return;
    }
    if (!existing.contains(name)) {
      check(!s.createAcked, "%s was created (acknowledged) but is gone", name);
      s.gone = true; // its create was in flight and did not survive: it must stay gone
      return;
    }
    s.createAcked = true;
    SegmentInfo info = st.info(name).join();
    List<Records.Found> found =
        Records.parse(name, SegmentReads.readRange(st, name, 0, info.length()), 0, MAX_PAYLOAD);
    for (int i = 0; i < found.size(); i++) {
      check(
          found.get(i).segId() == s.id && found.get(i).seq() == i,
          "%s @%d: record %d/%d where %d/%d belongs",
          name,
          found.get(i).offset(),
          found.get(i).segId(),
          found.get(i).seq(),
          s.id,
          i);
    }
    check(
        found.size() >= s.ackedCount(),
        "%s: %d records, but %d were acknowledged",
        name,
        found.size(),
        s.ackedCount());
    for (Map.Entry<Long, Long> a : s.ackEnds.entrySet()) {
      long end = found.get((int) (long) a.getKey()).end();
      check(
          end == a.getValue(),
          "%s: append %d acknowledged ending at %d but ends at %d",
          name,
          a.getKey(),
          a.getValue(),
          end);
    }
    s.count = found.size();
    if (s.sealed) {
      check(
          info.sealed() && info.length() == s.sealedLength,
          "%s: seal acknowledged at length %d, now sealed=%s length=%d",
          name,
          s.sealedLength,
          info.sealed(),
          info.length());
    } else if (!s.sealPending) {
      check(!info.sealed(), "%s is sealed but no seal was ever asked for", name);
    } else if (info.sealed()) {
      s.sealed = true;
      s.sealedLength = info.length();
    }
    s.sealPending = false;
    if (s.sealed && !s.sealChecked) {
      try {
        st.append(name, Records.encode(s.id, s.count, MAX_PAYLOAD)).join();
        throw new AssertionError(name + " is sealed but accepted an append");
      } catch (RuntimeException e) {
        check(
            StorageException.is(e, StorageError.SEGMENT_SEALED),
            "%s: append to sealed segment failed with %s instead of SEGMENT_SEALED",
            name,
            e);
      }
      s.sealChecked = true;
    }
  }

  private void verifyTable(StorageEngine engine, Set<String> existing) {
    if (!existing.contains(TABLE)) {
      check(keys.isEmpty() && keyPending == null, "table %s with entries is gone", TABLE);
      return;
    }
    Map<String, KeyState> seen = new TreeMap<>();
    List<String> order = new ArrayList<>();
    ByteBuffer token = null;
    do {
      TablePage<TableEntry> page = engine.tables().entries(TABLE, token, 5).join();
      check(page.items().size() <= 5, "table page of %d items, asked for 5", page.items().size());
      for (TableEntry e : page.items()) {
        String key = StandardCharsets.UTF_8.decode(e.key().duplicate()).toString();
        KeyState prev = seen.put(key, new KeyState(CrashWorkload.tagOf(e.value()), e.version()));
        check(prev == null, "table iteration returned key %s twice", key);
        order.add(key);
      }
      token = page.continuation();
    } while (token != null);
    check(
        order.equals(order.stream().sorted().toList()),
        "table iteration out of key order: %s",
        order);
    long keyCount = engine.tables().info(TABLE).join().keyCount();
    check(keyCount == seen.size(), "table info says %d keys, iteration found %d", keyCount, seen);
    // The update in flight (if any) applied to all of its keys or to none.
    boolean pendingApplied = false;
    if (keyPending != null) {
      boolean allBefore = true;
      boolean allAfter = true;
      for (String key : keyPending.keys()) {
        KeyState got = seen.get(key);
        allBefore &= Objects.equals(keys.get(key), got);
        allAfter &=
            keyPending.tag() == null
                ? got == null
                : got != null && got.tag().equals(keyPending.tag()) && got.version() > maxVersion;
      }
      check(
          allBefore || allAfter,
          "table update in flight %s applied to some of its keys only: acknowledged %s, now %s",
          keyPending,
          keys,
          seen);
      pendingApplied = !allBefore;
    }
    for (int k = 0; k < TABLE_KEYS; k++) {
      String key = CrashWorkload.keyName(k);
      KeyState want = keys.get(key);
      KeyState got = seen.get(key);
      boolean inFlight = pendingApplied && keyPending.keys().contains(key);
      check(
          inFlight || Objects.equals(want, got),
          "table key %s is %s, acknowledged state %s (in flight: %s)",
          key,
          got,
          want,
          keyPending);
      if (got == null) {
        keys.remove(key);
      } else {
        keys.put(key, got);
        maxVersion = Math.max(maxVersion, got.version());
      }
    }
    check(seen.size() == keys.size(), "table holds keys the workload never wrote: %s", seen);
    keyPending = null;
  }

  private void verifyCounter(SegmentStore st, Set<String> existing) {
    if (!existing.contains(ATTRS)) {
      check(counter == 0 && counterPending == null, "segment %s with a counter is gone", ATTRS);
      return;
    }
    Long v = st.attributes(ATTRS, List.of(COUNTER)).join().get(COUNTER);
    long got = v == null ? 0 : v;
    check(
        got == counter || (counterPending != null && got == counterPending),
        "attribute counter is %d, acknowledged %d (in flight: %s)",
        got,
        counter,
        counterPending);
    counter = got;
    counterPending = null;
  }
}
