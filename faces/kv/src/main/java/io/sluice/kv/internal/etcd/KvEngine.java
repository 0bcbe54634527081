package io.sluice.kv.internal.etcd;

import com.google.protobuf.ByteString;
import io.sluice.kv.internal.mvcc.CommitTracker;
import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.Lease;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.internal.mvcc.MvccStorage;
import io.sluice.kv.internal.mvcc.ValueCache;
import io.sluice.kv.proto.etcdserverpb.Compare;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeRequest;
import io.sluice.kv.proto.etcdserverpb.DeleteRangeResponse;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.RangeResponse;
import io.sluice.kv.proto.etcdserverpb.RequestOp;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import io.sluice.kv.proto.etcdserverpb.ResponseOp;
import io.sluice.kv.proto.etcdserverpb.TxnRequest;
import io.sluice.kv.proto.etcdserverpb.TxnResponse;
import io.sluice.kv.proto.mvccpb.KeyValue;
import io.sluice.storage.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's KV and lease semantics on the MVCC store.
 *
 * <p>Writes (Put, DeleteRange, Txn with writes, lease revocation) run under the write lock: they
 * are checked, given the next revision, applied to the in-memory index and sent to storage; the
 * reply is sent once that revision (and every one before it) is durable. Reads run under the read
 * lock at the durable revision, so a reply never shows anything that a crash could take back.
 * Read-only transactions are reads. Values are fetched outside the lock (from the cache or disk).
 *
 * <p>Thread-safe.
 */
public final class KvEngine {
  private static final Logger LOG = LoggerFactory.getLogger(KvEngine.class);

  /** etcd's minimum lease TTL with default election settings (ceil(1.5 x 1 s)). */
  public static final long MIN_LEASE_TTL = 2;

  /** etcd's MaxLeaseTTL. */
  public static final long MAX_LEASE_TTL = 9_000_000_000L;

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final MvccIndex index;
  private final MvccStorage storage;
  private final CommitTracker commits;
  private final ValueCache cache;
  private final Clock clock;
  private final Executor completions;
  private final long memberId;
  private final int maxTxnOps;
  private final Map<Long, Lease> leases = new ConcurrentHashMap<>();
  private final LeaseIds leaseIds;
  private volatile LongConsumer durableListener = r -> {};

  KvEngine(
      MvccIndex index,
      MvccStorage storage,
      ValueCache cache,
      Clock clock,
      Executor completions,
      long memberId,
      int maxTxnOps,
      LeaseIds leaseIds) {
    this.index = index;
    this.storage = storage;
    this.cache = cache;
    this.clock = clock;
    this.completions = completions;
    this.memberId = memberId;
    this.maxTxnOps = maxTxnOps;
    this.leaseIds = leaseIds;
    this.commits = new CommitTracker(index.currentRev(), this::onDurable);
    // a value may leave memory only once its record is in the table (durable is not enough: a
    // durable change may so far be only in the change log)
    storage.setAppliedListener(cache::durable);
  }

  // ---------------------------------------------------------------- wiring and state

  /** Called (outside any lock) whenever the durable revision advances. */
  public void setDurableListener(LongConsumer listener) {
    this.durableListener = listener;
  }

  void addRecoveredLease(Lease lease) {
    leases.put(lease.id(), lease);
  }

  public long durableRev() {
    return commits.durable();
  }

  /** Approximate bytes of the retained history as stored (what the quota is measured against). */
  public long retainedBytes() {
    return index.retainedBytes();
  }

  /** Approximate heap taken by the index of the retained history (the quota's second measure). */
  public long indexBytes() {
    return index.indexBytes();
  }

  /**
   * Completes once every revision up to {@code rev} is durable (on a storage thread: no blocking).
   */
  public CompletableFuture<Void> whenDurable(long rev) {
    return commits.whenDurable(rev);
  }

  public long compactRev() {
    lock.readLock().lock();
    try {
      return index.compactRev();
    } finally {
      lock.readLock().unlock();
    }
  }

  public Clock clock() {
    return clock;
  }

  public MvccStorage storage() {
    return storage;
  }

  /** Runs {@code body} with the read lock held, giving it the index. */
  public <T> T read(java.util.function.Function<MvccIndex, T> body) {
    lock.readLock().lock();
    try {
      return body.apply(index);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void onDurable(long rev) {
    durableListener.accept(rev);
  }

  // ---------------------------------------------------------------- Range

  public CompletableFuture<RangeResponse> range(RangeRequest r) {
    TxnChecks.checkRange(r);
    RangeResponse.Builder b;
    List<KeyRev> revs;
    lock.readLock().lock();
    try {
      long cur = commits.durable();
      b = RangeResponse.newBuilder();
      revs = rangeAt(r, cur, index.compactRev(), b);
    } finally {
      lock.readLock().unlock();
    }
    return withValues(revs, r.getKeysOnly()).thenApply(kvs -> b.addAllKvs(kvs).build());
  }

  /**
   * etcd's Range at view revision {@code cur}: checks the revision, collects the matches, filters,
   * sorts and limits, and fills count, more and the header revision into {@code b}.
   */
  private List<KeyRev> rangeAt(RangeRequest r, long cur, long compactRev, RangeResponse.Builder b) {
    long rev = r.getRevision();
    if (rev > cur) {
      throw EtcdError.FUTURE_REV.exception();
    }
    if (rev <= 0) {
      rev = cur;
    }
    if (rev < compactRev) {
      throw EtcdError.COMPACTED.exception();
    }
    boolean filters =
        r.getMinModRevision() != 0
            || r.getMaxModRevision() != 0
            || r.getMinCreateRevision() != 0
            || r.getMaxCreateRevision() != 0;
    long limit = r.getLimit();
    if (r.getSortOrder() != RangeRequest.SortOrder.NONE || filters) {
      limit = 0;
    }
    if (limit > 0) {
      limit++;
    }
    long[] count = new long[1];
    List<KeyRev> revs =
        index.range(r.getKey(), r.getRangeEnd(), rev, limit, count, !r.getCountOnly());
    if (filters) {
      revs.removeIf(
          kr ->
              (r.getMaxModRevision() != 0 && kr.modRev() > r.getMaxModRevision())
                  || (r.getMinModRevision() != 0 && kr.modRev() < r.getMinModRevision())
                  || (r.getMaxCreateRevision() != 0 && kr.createRev() > r.getMaxCreateRevision())
                  || (r.getMinCreateRevision() != 0 && kr.createRev() < r.getMinCreateRevision()));
    }
    RangeRequest.SortOrder order = r.getSortOrder();
    if (r.getSortTarget() != RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.NONE) {
      order = RangeRequest.SortOrder.ASCEND;
    }
    if (order != RangeRequest.SortOrder.NONE) {
      Comparator<KeyRev> c =
          switch (r.getSortTarget()) {
            case VERSION -> Comparator.comparingLong(KeyRev::version);
            case CREATE -> Comparator.comparingLong(KeyRev::createRev);
            case MOD -> Comparator.comparingLong(KeyRev::modRev);
            case VALUE -> (x, y) -> MvccIndex.KEY_ORDER.compare(valueNow(x), valueNow(y));
            default -> (x, y) -> MvccIndex.KEY_ORDER.compare(x.key(), y.key());
          };
      if (order == RangeRequest.SortOrder.DESCEND) {
        c = c.reversed();
      }
      revs.sort(c);
    }
    if (r.getLimit() > 0 && revs.size() > r.getLimit()) {
      revs = new ArrayList<>(revs.subList(0, (int) r.getLimit()));
      b.setMore(true);
    }
    b.setCount(count[0]);
    b.setHeader(ResponseHeader.newBuilder().setRevision(cur));
    return revs;
  }

  private ByteString valueNow(KeyRev kr) {
    ByteString v = kr.cachedValue();
    return v != null ? v : storage.values(List.of(kr)).join().get(0);
  }

  private CompletableFuture<List<KeyValue>> withValues(List<KeyRev> revs, boolean keysOnly) {
    if (revs.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (keysOnly) {
      List<KeyValue> out = new ArrayList<>(revs.size());
      revs.forEach(kr -> out.add(toKv(kr, ByteString.EMPTY)));
      return CompletableFuture.completedFuture(out);
    }
    return storage
        .values(revs)
        .thenApply(
            vals -> {
              List<KeyValue> out = new ArrayList<>(revs.size());
              for (int i = 0; i < revs.size(); i++) {
                out.add(toKv(revs.get(i), vals.get(i)));
              }
              return out;
            });
  }

  /** The etcd KeyValue of a live revision. */
  public static KeyValue toKv(KeyRev kr, ByteString value) {
    return KeyValue.newBuilder()
        .setKey(kr.key())
        .setCreateRevision(kr.createRev())
        .setModRevision(kr.modRev())
        .setVersion(kr.version())
        .setValue(value)
        .setLease(kr.lease())
        .build();
  }

  // ---------------------------------------------------------------- writes

  public CompletableFuture<PutResponse> put(PutRequest p) {
    TxnChecks.checkPut(p);
    return write(
        (w, base) -> {
          checkPut(p, base);
          PutResponse.Builder b = executePut(w, p);
          return b::build;
        });
  }

  public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest d) {
    TxnChecks.checkDelete(d);
    return write(
        (w, base) -> {
          DeleteRangeResponse.Builder b = executeDelete(w, d);
          return b::build;
        });
  }

  public CompletableFuture<TxnResponse> txn(TxnRequest t) {
    TxnChecks.checkTxn(t, maxTxnOps);
    if (TxnChecks.isReadOnly(t)) {
      return readOnlyTxn(t);
    }
    return write(
        (w, base) -> {
          List<Boolean> path = new ArrayList<>();
          compareToPath(t, base, path);
          checkRequests(t, path, 0, base);
          List<Supplier<ResponseOp>> ops = new ArrayList<>();
          applyTxn(w, t, path, 0, ops);
          boolean ok = path.get(0);
          long rev = w.viewRev();
          return () -> txnResponse(ok, ops, ResponseHeader.newBuilder().setRevision(rev).build());
        });
  }

  private static TxnResponse txnResponse(
      boolean ok, List<Supplier<ResponseOp>> ops, ResponseHeader header) {
    TxnResponse.Builder b = TxnResponse.newBuilder().setSucceeded(ok).setHeader(header);
    ops.forEach(o -> b.addResponses(o.get()));
    return b.build();
  }

  private CompletableFuture<TxnResponse> readOnlyTxn(TxnRequest t) {
    List<CompletableFuture<?>> fetches = new ArrayList<>();
    List<Supplier<ResponseOp>> ops = new ArrayList<>();
    boolean ok;
    long cur;
    lock.readLock().lock();
    try {
      cur = commits.durable();
      ReadView view = new ReadView(cur, index.compactRev(), fetches);
      List<Boolean> path = new ArrayList<>();
      compareToPath(t, cur, path);
      checkRequests(t, path, 0, cur);
      applyTxn(view, t, path, 0, ops);
      ok = path.get(0);
    } finally {
      lock.readLock().unlock();
    }
    ResponseHeader h = ResponseHeader.newBuilder().setRevision(cur).build();
    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
        .thenApply(v -> txnResponse(ok, ops, h));
  }

  /** A write in progress: the revision it will take and the changes made so far. */
  final class Writer {
    final long base;
    final long rev;
    final List<KeyRev> changes = new ArrayList<>();
    final List<Long> revokedLeases = new ArrayList<>();
    final List<CompletableFuture<?>> fetches = new ArrayList<>();

    Writer(long base) {
      this.base = base;
      this.rev = base + 1;
    }

    /** The revision reads inside the transaction see (etcd: beginRev, +1 once it changed). */
    long viewRev() {
      return changes.isEmpty() ? base : rev;
    }

    void add(KeyRev kr) {
      changes.add(kr);
      index.add(kr);
    }

    int nextSub() {
      return changes.size();
    }
  }

  /** The read side of a transaction (a read-only one runs without a Writer). */
  record ReadView(long rev, long compactRev, List<CompletableFuture<?>> fetches) {}

  /** The part of a write that runs under the lock; returns how to build the reply later. */
  private interface WriteBody<R> {
    Supplier<R> apply(Writer w, long base);
  }

  private <R> CompletableFuture<R> write(WriteBody<R> body) {
    CompletableFuture<Void> room = storage.room();
    if (room.isDone() && !room.isCompletedExceptionally()) {
      return writeNow(body);
    }
    // the table fell behind the change log: this write waits until it has caught up
    return room.handle(
            (v, t) -> {
              if (t != null) {
                throw EtcdException.toStatus(t);
              }
              return v;
            })
        .thenCompose(v -> writeNow(body));
  }

  private <R> CompletableFuture<R> writeNow(WriteBody<R> body) {
    Throwable failed = commits.failure();
    if (failed != null) {
      return CompletableFuture.failedFuture(failed);
    }
    Supplier<R> reply;
    Writer w;
    CompletableFuture<Void> stored = null;
    lock.writeLock().lock();
    try {
      long base = index.currentRev();
      w = new Writer(base);
      reply = body.apply(w, base);
      if (!w.changes.isEmpty()) {
        stored = persist(w);
      }
      for (long id : w.revokedLeases) {
        stored =
            (stored == null ? CompletableFuture.<Void>completedFuture(null) : stored)
                .thenCompose(v -> storage.removeLease(id));
      }
    } finally {
      lock.writeLock().unlock();
    }
    long waitFor = w.changes.isEmpty() ? w.base : w.rev;
    CompletableFuture<Void> done = commits.whenDurable(waitFor);
    if (stored != null) {
      done = done.thenCombine(stored, (a, b) -> null);
    }
    CompletableFuture<?>[] fetches = w.fetches.toArray(CompletableFuture[]::new);
    if (fetches.length == 0) {
      return done.thenApply(v -> reply.get());
    }
    return done.thenCompose(v -> CompletableFuture.allOf(fetches)).thenApply(v -> reply.get());
  }

  /** Sends the writer's changes to storage; the revision is durable once the future completes. */
  private CompletableFuture<Void> persist(Writer w) {
    long rev = w.rev;
    List<KeyRev> changes = List.copyOf(w.changes);
    commits.begin(rev);
    CompletableFuture<Void> f = storage.writeChanges(changes, memberId);
    // runs on the thread completing the storage append (the engine's log writer, or this one when
    // the engine writes inline): cheap (no I/O, no locks held long), and saves a thread hop on
    // every write's latency. The append is handed to the engine under the write lock: handing it
    // over after unlocking, so that an inline force does not hold up the other writers, was not
    // shown to help (docs/benchmarks.md, KV, session 8)
    return f.whenComplete(
        (v, t) -> {
          if (t == null) {
            commits.complete(rev);
          } else {
            LOG.error("KV write of revision {} failed; refusing writes from now on", rev, t);
            commits.fail(EtcdException.toStatus(t));
          }
        });
  }

  private void checkPut(PutRequest p, long base) {
    if (p.getIgnoreValue() || p.getIgnoreLease()) {
      if (index.get(p.getKey(), base) == null) {
        throw EtcdError.KEY_NOT_FOUND.exception();
      }
    }
    if (p.getLease() != 0 && !leases.containsKey(p.getLease())) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
  }

  private PutResponse.Builder executePut(Writer w, PutRequest p) {
    KeyRev prev = index.latest(p.getKey());
    boolean live = prev != null && !prev.tombstone();
    ByteString value = p.getValue();
    if (p.getIgnoreValue()) {
      value = valueNow(prev);
    }
    long lease = p.getIgnoreLease() ? prev.lease() : p.getLease();
    // a new revision of a known key shares that key's ByteString: one key copy per key, not per
    // retained revision (48 bytes of heap a revision of an 8-byte key)
    KeyRev kr =
        new KeyRev(
            prev != null ? prev.key() : p.getKey(),
            w.rev,
            w.nextSub(),
            live ? prev.createRev() : w.rev,
            live ? prev.version() + 1 : 1,
            lease,
            false,
            value);
    if (live && prev.lease() != 0) {
      detach(prev.lease(), p.getKey());
    }
    if (lease != 0) {
      Lease l = leases.get(lease);
      if (l != null) {
        l.keys().add(p.getKey());
      }
    }
    w.add(kr);
    PutResponse.Builder b = PutResponse.newBuilder();
    b.setHeader(ResponseHeader.newBuilder().setRevision(w.rev));
    if (p.getPrevKv() && live) {
      w.fetches.add(
          storage.values(List.of(prev)).thenAccept(v -> b.setPrevKv(toKv(prev, v.get(0)))));
    }
    return b;
  }

  private DeleteRangeResponse.Builder executeDelete(Writer w, DeleteRangeRequest d) {
    List<KeyRev> live = index.range(d.getKey(), d.getRangeEnd(), w.rev, 0, null, true);
    DeleteRangeResponse.Builder b = DeleteRangeResponse.newBuilder();
    if (d.getPrevKv() && !live.isEmpty()) {
      List<KeyRev> prevs = List.copyOf(live);
      w.fetches.add(
          storage
              .values(prevs)
              .thenAccept(
                  vals -> {
                    for (int i = 0; i < prevs.size(); i++) {
                      b.addPrevKvs(toKv(prevs.get(i), vals.get(i)));
                    }
                  }));
    }
    for (KeyRev kr : live) {
      deleteKey(w, kr);
    }
    b.setDeleted(live.size());
    b.setHeader(
        ResponseHeader.newBuilder()
            .setRevision(!live.isEmpty() || !w.changes.isEmpty() ? w.rev : w.base));
    return b;
  }

  private void deleteKey(Writer w, KeyRev live) {
    if (live.lease() != 0) {
      detach(live.lease(), live.key());
    }
    w.add(new KeyRev(live.key(), w.rev, w.nextSub(), 0, 0, 0, true, null));
  }

  private void detach(long leaseId, ByteString key) {
    Lease l = leases.get(leaseId);
    if (l != null) {
      l.keys().remove(key);
    }
  }

  // ---------------------------------------------------------------- Txn internals

  /** Evaluates every compare on the path upfront against {@code rev} (as etcd does). */
  private void compareToPath(TxnRequest t, long rev, List<Boolean> path) {
    boolean ok = true;
    for (Compare c : t.getCompareList()) {
      if (!applyCompare(c, rev)) {
        ok = false;
        break;
      }
    }
    path.add(ok);
    for (RequestOp op : ok ? t.getSuccessList() : t.getFailureList()) {
      if (op.hasRequestTxn()) {
        compareToPath(op.getRequestTxn(), rev, path);
      }
    }
  }

  private boolean applyCompare(Compare c, long rev) {
    List<KeyRev> kvs = index.range(c.getKey(), c.getRangeEnd(), rev, 0, null, true);
    if (kvs.isEmpty()) {
      if (c.getTarget() == Compare.CompareTarget.VALUE) {
        return false;
      }
      return TxnChecks.compareKv(c, null, null);
    }
    for (KeyRev kr : kvs) {
      ByteString v = c.getTarget() == Compare.CompareTarget.VALUE ? valueNow(kr) : null;
      if (!TxnChecks.compareKv(c, kr, v)) {
        return false;
      }
    }
    return true;
  }

  /** etcd's pre-execution checks of the chosen path: puts first, then ranges. */
  private void checkRequests(TxnRequest t, List<Boolean> path, int at, long base) {
    checkPath(t, path, at, base, true);
    checkPath(t, path, at, base, false);
  }

  private int checkPath(TxnRequest t, List<Boolean> path, int at, long base, boolean puts) {
    int txns = 0;
    int pos = at;
    for (RequestOp op : path.get(at) ? t.getSuccessList() : t.getFailureList()) {
      if (op.hasRequestTxn()) {
        int n = checkPath(op.getRequestTxn(), path, pos + 1, base, puts);
        txns += n + 1;
        pos += n + 1;
        continue;
      }
      if (puts && op.hasRequestPut()) {
        checkPut(op.getRequestPut(), base);
      } else if (!puts && op.hasRequestRange()) {
        long rev = op.getRequestRange().getRevision();
        if (rev != 0 && rev > base) {
          throw EtcdError.FUTURE_REV.exception();
        }
        if (rev != 0 && rev < index.compactRev()) {
          throw EtcdError.COMPACTED.exception();
        }
      }
    }
    return txns;
  }

  /**
   * Executes the chosen branch, adding one reply supplier per operation (built once values are
   * fetched); returns how many nested transactions it consumed.
   */
  private int applyTxn(
      Object ctx, TxnRequest t, List<Boolean> path, int at, List<Supplier<ResponseOp>> out) {
    boolean ok = path.get(at);
    int txns = 0;
    int pos = at;
    for (RequestOp op : ok ? t.getSuccessList() : t.getFailureList()) {
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> {
          RangeRequest rr = op.getRequestRange();
          RangeResponse.Builder b = RangeResponse.newBuilder();
          List<KeyRev> revs;
          List<CompletableFuture<?>> fetches;
          if (ctx instanceof Writer w) {
            revs = rangeAt(rr, w.viewRev(), index.compactRev(), b);
            fetches = w.fetches;
          } else {
            ReadView v = (ReadView) ctx;
            revs = rangeAt(rr, v.rev(), v.compactRev(), b);
            fetches = v.fetches();
          }
          CompletableFuture<List<KeyValue>> kvs = withValues(revs, rr.getKeysOnly());
          fetches.add(kvs);
          out.add(() -> ResponseOp.newBuilder().setResponseRange(b.addAllKvs(kvs.join())).build());
        }
        case REQUEST_PUT -> {
          PutResponse.Builder b = executePut((Writer) ctx, op.getRequestPut());
          out.add(() -> ResponseOp.newBuilder().setResponsePut(b).build());
        }
        case REQUEST_DELETE_RANGE -> {
          DeleteRangeResponse.Builder b = executeDelete((Writer) ctx, op.getRequestDeleteRange());
          out.add(() -> ResponseOp.newBuilder().setResponseDeleteRange(b).build());
        }
        case REQUEST_TXN -> {
          List<Supplier<ResponseOp>> nested = new ArrayList<>();
          boolean nestedOk = path.get(pos + 1);
          int n = applyTxn(ctx, op.getRequestTxn(), path, pos + 1, nested);
          txns += n + 1;
          pos += n + 1;
          out.add(
              () ->
                  ResponseOp.newBuilder()
                      .setResponseTxn(
                          txnResponse(nestedOk, nested, ResponseHeader.getDefaultInstance()))
                      .build());
        }
        default -> {}
      }
    }
    return txns;
  }

  // ---------------------------------------------------------------- Compact

  /**
   * Compacts at {@code rev}; the future completes (with the current revision) once the compaction
   * is durable, and with {@code physical} once the old records are gone too.
   */
  public CompletableFuture<Long> compact(long rev, boolean physical) {
    long current;
    lock.writeLock().lock();
    try {
      if (rev <= index.compactRev()) {
        throw EtcdError.COMPACTED.exception();
      }
      if (rev > commits.durable()) {
        throw EtcdError.FUTURE_REV.exception();
      }
      index.setCompactRev(rev);
      current = index.currentRev();
    } finally {
      lock.writeLock().unlock();
    }
    // the table must hold every revision up to rev before the compaction is recorded: recovery
    // skips the change log's copies of compacted revisions
    CompletableFuture<Void> meta =
        storage.tableCaughtUp().thenCompose(v -> storage.putMeta('C', rev, current));
    CompletableFuture<Void> removed =
        meta.thenComposeAsync(
            v -> {
              List<KeyRev> gone;
              lock.writeLock().lock();
              try {
                gone = index.compact(rev);
              } finally {
                lock.writeLock().unlock();
              }
              return storage.removeChanges(gone);
            },
            completions);
    removed.whenComplete(
        (v, t) -> {
          if (t != null) {
            LOG.warn("removing records compacted at {} failed (retried at next start)", rev, t);
          }
        });
    return (physical ? removed : meta).thenApply(v -> commits.durable());
  }

  // ---------------------------------------------------------------- leases

  /** Grants a lease; the future yields {id, ttl}. */
  public CompletableFuture<long[]> leaseGrant(long ttl, long requestedId) {
    if (ttl > MAX_LEASE_TTL) {
      throw EtcdError.LEASE_TTL_TOO_LARGE.exception();
    }
    long effective = Math.max(ttl, MIN_LEASE_TTL);
    Lease l;
    lock.writeLock().lock();
    try {
      long id = requestedId;
      if (id == 0) {
        do {
          id = leaseIds.next();
        } while (leases.containsKey(id));
      } else if (leases.containsKey(id)) {
        throw EtcdError.LEASE_EXIST.exception();
      }
      l = new Lease(id, effective, clock.currentTimeMillis() + effective * 1000);
      leases.put(id, l);
    } finally {
      lock.writeLock().unlock();
    }
    return storage
        .putLease(l.id(), l.ttlSeconds(), l.deadlineMillis())
        .thenApplyAsync(v -> new long[] {l.id(), l.ttlSeconds()}, completions);
  }

  /** Revokes a lease, deleting its keys at one new revision; yields the header revision. */
  public CompletableFuture<Long> leaseRevoke(long id) {
    if (!leases.containsKey(id)) {
      return CompletableFuture.failedFuture(EtcdError.LEASE_NOT_FOUND.exception());
    }
    return this.<Long>write(
        (w, base) -> {
          Lease l = leases.remove(id);
          if (l == null) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
          }
          for (ByteString key : List.copyOf(l.keys())) {
            KeyRev live = index.get(key, w.rev);
            if (live != null && live.lease() == id) {
              deleteKey(w, live);
            }
          }
          w.revokedLeases.add(id);
          long rev = w.viewRev();
          return () -> rev;
        });
  }

  /** Renews a lease; yields its TTL, or 0 when it does not exist (or has expired). */
  public CompletableFuture<Long> leaseKeepAlive(long id) {
    Lease l = leases.get(id);
    long now = clock.currentTimeMillis();
    if (l == null || l.deadlineMillis() <= now) {
      return CompletableFuture.completedFuture(0L);
    }
    l.setDeadlineMillis(now + l.ttlSeconds() * 1000);
    return storage
        .putLease(id, l.ttlSeconds(), l.deadlineMillis())
        .thenApplyAsync(v -> l.ttlSeconds(), completions);
  }

  /** The lease, or null. */
  public Lease lease(long id) {
    return leases.get(id);
  }

  /** Remaining whole seconds of a lease (etcd truncates). */
  public long remainingSeconds(Lease l) {
    return Math.max(0, (l.deadlineMillis() - clock.currentTimeMillis()) / 1000);
  }

  /** The keys attached to a lease, in key order. */
  public List<ByteString> leaseKeys(Lease l) {
    lock.readLock().lock();
    try {
      return List.copyOf(l.keys());
    } finally {
      lock.readLock().unlock();
    }
  }

  public List<Long> leaseIds() {
    return leases.keySet().stream().sorted().toList();
  }

  /** Revokes every lease whose deadline has passed (called by a timer). */
  public void expireLeases() {
    long now = clock.currentTimeMillis();
    for (Lease l : List.copyOf(leases.values())) {
      if (l.deadlineMillis() <= now) {
        CompletableFuture<Long> revoked;
        try {
          revoked = leaseRevoke(l.id());
        } catch (EtcdException e) {
          continue; // revoked meanwhile
        }
        revoked.whenComplete(
            (r, t) -> {
              if (t != null && !(t instanceof EtcdException)) {
                LOG.warn("expiring lease {} failed", l.id(), t);
              }
            });
      }
    }
  }

  /** Generates lease ids. */
  interface LeaseIds {
    long next();
  }
}
