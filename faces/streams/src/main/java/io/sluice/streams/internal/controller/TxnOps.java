package io.sluice.streams.internal.controller;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamRecord;
import io.sluice.streams.internal.meta.TxnRecord;
import io.sluice.streams.internal.meta.TxnState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Transactions: each one has a transaction segment per segment of the epoch it was opened in; a
 * commit merges them into their parents, an abort (or a lapsed lease) deletes them. The record goes
 * to COMMITTING/ABORTING before the segments are touched, so {@link #recover} can finish the job
 * after a crash. Thread-safe (every method holds the controller's monitor).
 */
public final class TxnOps {
  /** Ping result, as the controller API numbers it. */
  public enum Ping {
    OK,
    LEASE_TOO_LARGE,
    MAX_EXECUTION_TIME_EXCEEDED,
    UNUSED,
    DISCONNECTED,
    COMMITTED,
    ABORTED,
    UNKNOWN
  }

  private static final long MAX_EXECUTION_MILLIS = 24L * 3600 * 1000;

  private final ControllerContext ctx;
  private final long maxLeaseMillis;

  TxnOps(ControllerContext ctx, long maxLeaseMillis) {
    this.ctx = ctx;
    this.maxLeaseMillis = maxLeaseMillis;
  }

  private static String key(String scope, String stream, UUID id) {
    return "txn/" + scope + "/" + stream + "/" + id;
  }

  private TxnRecord load(String scope, String stream, UUID id) {
    byte[] b = ctx.meta.get(key(scope, stream, id));
    return b == null ? null : TxnRecord.decode(ByteBuffer.wrap(b));
  }

  private void save(TxnRecord t) {
    ctx.meta.put(key(t.scope(), t.stream(), t.id()), t.encode());
  }

  public TxnCreated create(String scope, String stream, long leaseMillis) {
    synchronized (ctx.lock) {
      StreamRecord r = ctx.stream(scope, stream);
      if (r == null) {
        return new TxnCreated(Outcome.NOT_FOUND, null, List.of());
      }
      if (r.sealed()) {
        return new TxnCreated(Outcome.SEALED, null, List.of());
      }
      if (leaseMillis <= 0 || leaseMillis > maxLeaseMillis) {
        return new TxnCreated(Outcome.INVALID_ARGUMENT, null, List.of());
      }
      UUID id = UUID.randomUUID();
      List<SegmentRecord> segs = r.currentSegments();
      List<Long> ids = new ArrayList<>();
      for (SegmentRecord s : segs) {
        ids.add(s.segmentId());
        ctx.createSegment(Names.txnSegment(Names.segment(scope, stream, s.segmentId()), id));
      }
      long now = ctx.clock.currentTimeMillis();
      save(
          new TxnRecord(
              scope,
              stream,
              id,
              r.currentEpoch().epoch(),
              ids,
              TxnState.OPEN,
              now + leaseMillis,
              now + MAX_EXECUTION_MILLIS));
      return new TxnCreated(Outcome.SUCCESS, id, segs);
    }
  }

  public Ping ping(String scope, String stream, UUID id, long leaseMillis) {
    synchronized (ctx.lock) {
      TxnRecord t = load(scope, stream, id);
      if (t == null) {
        return Ping.UNKNOWN;
      }
      switch (t.state()) {
        case COMMITTED, COMMITTING:
          return Ping.COMMITTED;
        case ABORTED, ABORTING:
          return Ping.ABORTED;
        default:
          break;
      }
      if (leaseMillis > maxLeaseMillis) {
        return Ping.LEASE_TOO_LARGE;
      }
      long now = ctx.clock.currentTimeMillis();
      if (now + leaseMillis > t.maxExpiry()) {
        return Ping.MAX_EXECUTION_TIME_EXCEEDED;
      }
      save(t.with(TxnState.OPEN, now + leaseMillis));
      return Ping.OK;
    }
  }

  public TxnState state(String scope, String stream, UUID id) {
    synchronized (ctx.lock) {
      TxnRecord t = load(scope, stream, id);
      return t == null ? TxnState.UNKNOWN : t.state();
    }
  }

  /** Commits: merges every transaction segment into its parent. */
  public Outcome commit(String scope, String stream, UUID id) {
    return end(scope, stream, id, TxnState.COMMITTED, TxnState.COMMITTING, this::commitNow);
  }

  /**
   * Ends a transaction towards {@code done}: already there is a success, open or on its way there
   * ({@code ending}) runs {@code finish}, any other state is a failed precondition.
   */
  private Outcome end(
      String scope,
      String stream,
      UUID id,
      TxnState done,
      TxnState ending,
      Consumer<TxnRecord> finish) {
    synchronized (ctx.lock) {
      if (ctx.stream(scope, stream) == null) {
        return Outcome.NOT_FOUND;
      }
      TxnRecord t = load(scope, stream, id);
      if (t == null) {
        return Outcome.INVALID_ARGUMENT;
      }
      if (t.state() == done) {
        return Outcome.SUCCESS;
      }
      if (t.state() != TxnState.OPEN && t.state() != ending) {
        return Outcome.PRECONDITION_FAILED;
      }
      finish.accept(t);
      return Outcome.SUCCESS;
    }
  }

  private void commitNow(TxnRecord t) {
    t = t.with(TxnState.COMMITTING, t.leaseExpiry());
    save(t);
    finishCommit(t);
  }

  private void finishCommit(TxnRecord t) {
    for (long segId : t.segmentIds()) {
      String parent = Names.segment(t.scope(), t.stream(), segId);
      String txn = Names.txnSegment(parent, t.id());
      try {
        ctx.segments.merge(parent, txn).join();
      } catch (RuntimeException e) {
        if (!StorageException.is(e, StorageError.SEGMENT_NOT_FOUND)) {
          throw e;
        }
      }
    }
    save(t.with(TxnState.COMMITTED, t.leaseExpiry()));
  }

  public Outcome abort(String scope, String stream, UUID id) {
    return end(scope, stream, id, TxnState.ABORTED, TxnState.ABORTING, this::abortNow);
  }

  private void abortNow(TxnRecord t) {
    t = t.with(TxnState.ABORTING, t.leaseExpiry());
    save(t);
    for (long segId : t.segmentIds()) {
      ctx.deleteSegment(Names.txnSegment(Names.segment(t.scope(), t.stream(), segId), t.id()));
    }
    save(t.with(TxnState.ABORTED, t.leaseExpiry()));
  }

  /** Transactions of a stream that ended, with their final state. */
  public List<TxnRecord> completed(String scope, String stream) {
    synchronized (ctx.lock) {
      List<TxnRecord> out = new ArrayList<>();
      for (byte[] b : ctx.meta.scan("txn/" + scope + "/" + stream + "/").values()) {
        TxnRecord t = TxnRecord.decode(ByteBuffer.wrap(b));
        if (t.state().finished()) {
          out.add(t);
        }
      }
      return out;
    }
  }

  /** Aborts open transactions whose lease ran out; returns how many. */
  public int expireLeases() {
    synchronized (ctx.lock) {
      long now = ctx.clock.currentTimeMillis();
      int n = 0;
      for (byte[] b : new ArrayList<>(ctx.meta.scan("txn/").values())) {
        TxnRecord t = TxnRecord.decode(ByteBuffer.wrap(b));
        if (t.state() == TxnState.OPEN && (t.leaseExpiry() < now || t.maxExpiry() < now)) {
          abortNow(t);
          n++;
        }
      }
      return n;
    }
  }

  /** Finishes commits and aborts a crash interrupted. */
  void recover() {
    synchronized (ctx.lock) {
      for (byte[] b : new ArrayList<>(ctx.meta.scan("txn/").values())) {
        TxnRecord t = TxnRecord.decode(ByteBuffer.wrap(b));
        if (t.state() == TxnState.COMMITTING) {
          finishCommit(t);
        } else if (t.state() == TxnState.ABORTING) {
          abortNow(t);
        }
      }
    }
  }
}
