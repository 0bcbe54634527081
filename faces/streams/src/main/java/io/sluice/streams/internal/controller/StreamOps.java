package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.EpochRecord;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamConfig;
import io.sluice.streams.internal.meta.StreamRecord;
import io.sluice.streams.internal.meta.TxnRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scopes and streams: create, list, update, seal, delete; segment queries (current, per epoch,
 * head, successors, between cuts); manual scaling; truncation by stream cut. Thread-safe (every
 * method holds the controller's monitor).
 */
public final class StreamOps {
  private static final double EPS = 1e-9;

  private final ControllerContext ctx;

  StreamOps(ControllerContext ctx) {
    this.ctx = ctx;
  }

  // ---- scopes

  public Outcome createScope(String scope) {
    if (!Names.validName(scope)) {
      return Outcome.INVALID_NAME;
    }
    synchronized (ctx.lock) {
      if (ctx.scopeExists(scope)) {
        return Outcome.EXISTS;
      }
      ctx.meta.put(
          ControllerContext.scopeKey(scope),
          ByteBuffer.allocate(8).putLong(ctx.clock.currentTimeMillis()).array());
      return Outcome.SUCCESS;
    }
  }

  public boolean scopeExists(String scope) {
    synchronized (ctx.lock) {
      return ctx.scopeExists(scope);
    }
  }

  public List<String> listScopes() {
    synchronized (ctx.lock) {
      List<String> out = new ArrayList<>();
      for (String k : ctx.meta.scan("scope/").keySet()) {
        out.add(k.substring("scope/".length()));
      }
      return out;
    }
  }

  /** Whether the scope holds any stream, reader group or key-value table. */
  boolean scopeEmpty(String scope) {
    return ctx.meta.scan("stream/" + scope + "/").isEmpty()
        && ctx.meta.scan("rg/" + scope + "/").isEmpty()
        && ctx.meta.scan("kvt/" + scope + "/").isEmpty();
  }

  /** Deletes an empty scope. */
  public Outcome deleteScope(String scope) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.NOT_FOUND;
      }
      if (!scopeEmpty(scope)) {
        return Outcome.NOT_EMPTY;
      }
      ctx.meta.remove(ControllerContext.scopeKey(scope));
      return Outcome.SUCCESS;
    }
  }

  // ---- streams

  public Outcome createStream(String scope, String stream, StreamConfig config) {
    if (!Names.validName(stream) || config.minNumSegments() > 100_000) {
      return Outcome.INVALID_NAME;
    }
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.SCOPE_NOT_FOUND;
      }
      if (ctx.stream(scope, stream) != null) {
        return Outcome.EXISTS;
      }
      create(scope, stream, config);
      if (!stream.startsWith("_")) {
        String mark = Names.MARK_PREFIX + stream;
        if (ctx.stream(scope, mark) == null) {
          create(scope, mark, StreamConfig.fixed(1));
        }
      }
      return Outcome.SUCCESS;
    }
  }

  private void create(String scope, String stream, StreamConfig config) {
    int n = Math.max(1, config.minNumSegments());
    long now = ctx.clock.currentTimeMillis();
    Map<Long, SegmentRecord> segs = new TreeMap<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long id = SegmentRecord.id(0, i);
      double start = (double) i / n;
      double end = i == n - 1 ? 1.0 : (double) (i + 1) / n;
      segs.put(id, new SegmentRecord(id, start, end, now, -1));
      ids.add(id);
      ctx.createSegment(Names.segment(scope, stream, id));
    }
    ctx.save(
        new StreamRecord(
            scope,
            stream,
            config,
            false,
            now,
            List.of(new EpochRecord(0, now, ids)),
            segs,
            n,
            0,
            Map.of(),
            List.of()));
  }

  public StreamRecord stream(String scope, String stream) {
    synchronized (ctx.lock) {
      return ctx.stream(scope, stream);
    }
  }

  /** User streams of a scope (internal ones, named with a leading underscore, left out). */
  public List<String> listStreams(String scope) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return null;
      }
      List<String> out = new ArrayList<>();
      String prefix = "stream/" + scope + "/";
      for (String k : ctx.meta.scan(prefix).keySet()) {
        String name = k.substring(prefix.length());
        if (!name.startsWith("_")) {
          out.add(name);
        }
      }
      return out;
    }
  }

  public Outcome updateStream(String scope, String stream, StreamConfig config) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.SCOPE_NOT_FOUND;
      }
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return Outcome.NOT_FOUND;
      }
      if (r.sealed()) {
        return Outcome.SEALED;
      }
      ctx.save(r.withConfig(config));
      return Outcome.SUCCESS;
    }
  }

  public Outcome sealStream(String scope, String stream) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.SCOPE_NOT_FOUND;
      }
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return Outcome.NOT_FOUND;
      }
      if (!r.sealed()) {
        ctx.save(r.with(true, r.epochs(), r.segments(), r.nextSegmentNumber(), r.sealedBytes()));
      }
      long bytes = r.sealedBytes();
      for (SegmentRecord s : r.currentSegments()) {
        bytes += ctx.sealSegment(Names.segment(scope, stream, s.segmentId()));
      }
      if (!r.sealed()) {
        StreamRecord now = ctx.stream(scope, stream);
        ctx.save(now.with(true, now.epochs(), now.segments(), now.nextSegmentNumber(), bytes));
      }
      return Outcome.SUCCESS;
    }
  }

  /** Deletes a sealed stream with all its segments, transactions and watermark stream. */
  public Outcome deleteStream(String scope, String stream) {
    synchronized (ctx.lock) {
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return Outcome.NOT_FOUND;
      }
      if (!r.sealed()) {
        return Outcome.NOT_SEALED;
      }
      deleteNow(scope, stream);
      String mark = Names.MARK_PREFIX + stream;
      if (!stream.startsWith("_") && ctx.stream(scope, mark) != null) {
        deleteNow(scope, mark);
      }
      return Outcome.SUCCESS;
    }
  }

  /** Removes a stream whatever its state (caller holds the monitor). */
  void deleteNow(String scope, String stream) {
    for (String seg : ctx.segments.list(scope + "/" + stream + "/").join()) {
      ctx.deleteSegment(seg);
    }
    List<String> keys =
        new ArrayList<>(ctx.meta.scan("txn/" + scope + "/" + stream + "/").keySet());
    keys.add(ControllerContext.streamKey(scope, stream));
    ctx.meta.remove(keys);
  }

  // ---- segment queries

  public List<SegmentRecord> currentSegments(String scope, String stream) {
    StreamRecord r = stream(scope, stream);
    return r == null ? null : r.currentSegments();
  }

  public List<SegmentRecord> epochSegments(String scope, String stream, int epoch) {
    StreamRecord r = stream(scope, stream);
    if (r == null) {
      return null;
    }
    EpochRecord e = r.epoch(epoch);
    return e == null ? List.of() : r.segmentsOf(e);
  }

  /** The head of the stream (segment id to offset), or null when the stream does not exist. */
  public Map<Long, Long> head(String scope, String stream) {
    StreamRecord r = stream(scope, stream);
    return r == null ? null : r.head();
  }

  public Map<SegmentRecord, List<Long>> successors(String scope, String stream, long segmentId) {
    StreamRecord r = stream(scope, stream);
    return r == null ? null : r.successors(segmentId);
  }

  public boolean isSegmentValid(String scope, String stream, long segmentId) {
    StreamRecord r = stream(scope, stream);
    if (r == null || r.sealed()) {
      return false;
    }
    SegmentRecord s = r.segments().get(segmentId);
    return s != null && s.active();
  }

  /** Whether the cut names existing segments that cover the key space once, without overlap. */
  public boolean isStreamCutValid(String scope, String stream, Map<Long, Long> cut) {
    StreamRecord r = stream(scope, stream);
    return r != null && validCut(r, cut);
  }

  private static boolean validCut(StreamRecord r, Map<Long, Long> cut) {
    if (cut.isEmpty()) {
      return false;
    }
    List<SegmentRecord> segs = new ArrayList<>();
    for (Map.Entry<Long, Long> e : cut.entrySet()) {
      SegmentRecord s = r.segments().get(e.getKey());
      if (s == null || e.getValue() < 0) {
        return false;
      }
      segs.add(s);
    }
    segs.sort(Comparator.comparingDouble(SegmentRecord::keyStart));
    double at = 0;
    for (SegmentRecord s : segs) {
      if (Math.abs(s.keyStart() - at) > EPS) {
        return false;
      }
      at = s.keyEnd();
    }
    return Math.abs(at - 1.0) <= EPS;
  }

  /** Segments from cut {@code from} (empty = head) to cut {@code to} (empty = tail). */
  public List<SegmentRecord> segmentsBetween(
      String scope, String stream, Map<Long, Long> from, Map<Long, Long> to) {
    StreamRecord r = stream(scope, stream);
    if (r == null) {
      return null;
    }
    Map<Long, Long> start = from.isEmpty() ? r.head() : from;
    List<SegmentRecord> out = new ArrayList<>();
    for (SegmentRecord x : r.segments().values()) {
      if (!before(r, x, start) && (to.isEmpty() || !after(r, x, to))) {
        out.add(x);
      }
    }
    return out;
  }

  /** Whether segment {@code x} lies wholly before the cut (sealed before its segments began). */
  static boolean before(StreamRecord r, SegmentRecord x, Map<Long, Long> cut) {
    if (cut.containsKey(x.segmentId())) {
      return false;
    }
    boolean any = false;
    for (long id : cut.keySet()) {
      SegmentRecord s = r.segments().get(id);
      if (s != null && s.overlaps(x)) {
        any = true;
        if (x.active() || x.sealedEpoch() > s.creationEpoch()) {
          return false;
        }
      }
    }
    return any;
  }

  /** Whether segment {@code x} lies wholly after the cut (created after its segments ended). */
  static boolean after(StreamRecord r, SegmentRecord x, Map<Long, Long> cut) {
    if (cut.containsKey(x.segmentId())) {
      return false;
    }
    boolean any = false;
    for (long id : cut.keySet()) {
      SegmentRecord s = r.segments().get(id);
      if (s != null && s.overlaps(x)) {
        any = true;
        if (s.active() || x.creationEpoch() < s.sealedEpoch()) {
          return false;
        }
      }
    }
    return any;
  }

  // ---- scaling

  /**
   * Seals {@code sealed} (current segments covering one contiguous key range) and replaces them by
   * new segments with the given ranges, which must cover exactly the same keys, in a new epoch.
   */
  public ScaleResult scale(String scope, String stream, List<Long> sealed, List<KeyRange> ranges) {
    synchronized (ctx.lock) {
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return ScaleResult.failed(Outcome.NOT_FOUND);
      }
      if (r.sealed() || sealed.isEmpty() || ranges.isEmpty()) {
        return ScaleResult.failed(Outcome.PRECONDITION_FAILED);
      }
      List<SegmentRecord> old = new ArrayList<>();
      for (long id : sealed) {
        SegmentRecord s = r.segments().get(id);
        if (s == null || !s.active() || old.contains(s)) {
          return ScaleResult.failed(Outcome.PRECONDITION_FAILED);
        }
        old.add(s);
      }
      if (!sameCover(old, ranges) || openTxnsIn(r)) {
        return ScaleResult.failed(Outcome.PRECONDITION_FAILED);
      }
      int epoch = r.currentEpoch().epoch() + 1;
      long now = ctx.clock.currentTimeMillis();
      Map<Long, SegmentRecord> segs = new HashMap<>(r.segments());
      List<Long> ids = new ArrayList<>(r.currentEpoch().segmentIds());
      ids.removeAll(sealed);
      List<SegmentRecord> created = new ArrayList<>();
      int next = r.nextSegmentNumber();
      List<KeyRange> sorted = new ArrayList<>(ranges);
      sorted.sort(Comparator.comparingDouble(KeyRange::start));
      for (KeyRange k : sorted) {
        long id = SegmentRecord.id(epoch, next++);
        SegmentRecord s = new SegmentRecord(id, k.start(), k.end(), now, -1);
        ctx.createSegment(Names.segment(scope, stream, id));
        segs.put(id, s);
        ids.add(id);
        created.add(s);
      }
      for (SegmentRecord s : old) {
        segs.put(s.segmentId(), s.sealedAt(epoch));
      }
      List<EpochRecord> epochs = new ArrayList<>(r.epochs());
      epochs.add(new EpochRecord(epoch, now, ids));
      StreamRecord moved = r.with(false, epochs, segs, next, r.sealedBytes());
      ctx.save(moved);
      long bytes = moved.sealedBytes();
      for (SegmentRecord s : old) {
        bytes += ctx.sealSegment(Names.segment(scope, stream, s.segmentId()));
      }
      ctx.save(moved.with(false, epochs, segs, next, bytes));
      return new ScaleResult(Outcome.SUCCESS, created, epoch);
    }
  }

  /** Whether the stream has reached {@code epoch} (scaling here completes before it returns). */
  public Outcome checkScale(String scope, String stream, int epoch) {
    StreamRecord r = stream(scope, stream);
    if (r == null) {
      return Outcome.NOT_FOUND;
    }
    return epoch <= r.currentEpoch().epoch() ? Outcome.SUCCESS : Outcome.INVALID_ARGUMENT;
  }

  private boolean openTxnsIn(StreamRecord r) {
    for (byte[] b : ctx.meta.scan("txn/" + r.scope() + "/" + r.name() + "/").values()) {
      if (!TxnRecord.decode(ByteBuffer.wrap(b)).state().finished()) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameCover(List<SegmentRecord> old, List<KeyRange> ranges) {
    List<double[]> a = new ArrayList<>();
    old.forEach(s -> a.add(new double[] {s.keyStart(), s.keyEnd()}));
    List<double[]> b = new ArrayList<>();
    for (KeyRange k : ranges) {
      if (!(k.start() >= 0 && k.end() <= 1.0 && k.start() < k.end())) {
        return false;
      }
      b.add(new double[] {k.start(), k.end()});
    }
    double[] ca = contiguous(a);
    double[] cb = contiguous(b);
    return ca != null
        && cb != null
        && Math.abs(ca[0] - cb[0]) <= EPS
        && Math.abs(ca[1] - cb[1]) <= EPS;
  }

  private static double[] contiguous(List<double[]> ranges) {
    ranges.sort(Comparator.comparingDouble(x -> x[0]));
    double start = ranges.get(0)[0];
    double end = ranges.get(0)[1];
    for (int i = 1; i < ranges.size(); i++) {
      if (Math.abs(ranges.get(i)[0] - end) > EPS) {
        return null;
      }
      end = ranges.get(i)[1];
    }
    return new double[] {start, end};
  }

  // ---- truncation

  /**
   * Truncates the stream at a cut: segments wholly before it are deleted, the cut's segments are
   * truncated at their offsets, and the cut becomes the stream's head.
   */
  public Outcome truncate(String scope, String stream, Map<Long, Long> cut) {
    synchronized (ctx.lock) {
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return Outcome.NOT_FOUND;
      }
      if (!validCut(r, cut)) {
        return Outcome.INVALID_ARGUMENT;
      }
      truncateNow(r, cut, r.retentionCuts());
      return Outcome.SUCCESS;
    }
  }

  /** Applies a valid cut (caller holds the monitor). */
  void truncateNow(
      StreamRecord r,
      Map<Long, Long> cut,
      List<io.sluice.streams.internal.meta.RetentionCut> keep) {
    Map<Long, Long> head = r.head();
    Map<Long, Long> effective = new LinkedHashMap<>();
    for (Map.Entry<Long, Long> e : cut.entrySet()) {
      long off = e.getValue();
      Long prev = head.get(e.getKey());
      SegmentRecord s = r.segments().get(e.getKey());
      if (before(r, s, head)) {
        return; // the cut is behind the current head: nothing to do
      }
      effective.put(e.getKey(), prev == null ? off : Math.max(prev, off));
    }
    for (SegmentRecord x : r.segments().values()) {
      if (before(r, x, effective)) {
        ctx.deleteSegment(Names.segment(r.scope(), r.name(), x.segmentId()));
      }
    }
    for (Map.Entry<Long, Long> e : effective.entrySet()) {
      String name = Names.segment(r.scope(), r.name(), e.getKey());
      try {
        long len = ctx.segments.info(name).join().length();
        ctx.segments.truncate(name, Math.min(len, e.getValue())).join();
      } catch (RuntimeException ex) {
        if (!io.sluice.storage.StorageException.is(
            ex, io.sluice.storage.StorageError.SEGMENT_NOT_FOUND)) {
          throw ex;
        }
      }
    }
    ctx.save(r.withTruncation(effective, keep));
  }
}
