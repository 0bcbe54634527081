package io.sluice.sessions.internal;

import io.netty.util.concurrent.EventExecutor;
import io.sluice.sessions.SessionsOptions;
import io.sluice.sessions.SessionsStats;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.SessionInfo;
import io.sluice.storage.Clock;
import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions log: every session operation, validated against the live state, written as one
 * record to the log segment, applied to the in-memory {@link SessionIndex}, and acknowledged once
 * durable. Delivery ({@link Dispatcher}) and compaction ({@link Compactor}) work on the same state.
 *
 * <p>Threading: one thread (the "loop", a single-threaded scheduled executor: its own, or the event
 * loop of the face's gRPC server) owns all state. Public entry points only enqueue a task on it;
 * storage completions come back to it. Nothing here blocks the loop except recovery, which serves
 * nothing while it runs anyway.
 */
public final class SessionLog {
  private static final Logger log = LoggerFactory.getLogger(SessionLog.class);

  /** The longest timeout, lease or jitter accepted. */
  static final Duration MAX_TIMEOUT = Duration.ofDays(365);

  private static final Duration REBUILD_RETRY = Duration.ofSeconds(1);

  final Clock clock;
  final SessionsOptions options;
  final ScheduledExecutorService loop;
  final SegmentStore segments;
  final LogSegments logSegments;
  final SessionIndex index = new SessionIndex();
  final LogWriter writer;
  final RecordReader reader;
  final KindRegistry kinds;
  final Dispatcher dispatcher;
  final Compactor compactor;
  private final IdAllocator ids;
  private final LogScanner scanner;
  private final SplittableRandom random;

  private final boolean ownsLoop;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private volatile boolean stopped;
  private boolean ready;
  private boolean closed;
  private long acknowledged;
  private long rebuilds;
  // a releaseGathered task is queued on the loop (see runBatch)
  private boolean releaseQueued;
  private final Runnable releaseTask = this::releaseGathered;

  private SessionLog(
      StorageEngine storage,
      Clock clock,
      SessionsOptions options,
      ScheduledExecutorService loop,
      boolean ownsLoop) {
    this.clock = clock;
    this.options = options;
    this.segments = storage.segments();
    this.logSegments = new LogSegments(options.segmentPrefix());
    this.loop = loop;
    this.ownsLoop = ownsLoop;
    int maxAppend = storage.config().maxAppendBytes();
    if ((long) options.maxSessionBytes() + LogCodec.MAX_FIXED_OVERHEAD > maxAppend) {
      throw new IllegalArgumentException(
          "maxSessionBytes ("
              + options.maxSessionBytes()
              + ") does not fit in one storage append (maxAppendBytes "
              + maxAppend
              + ")");
    }
    this.writer =
        new LogWriter(segments, logSegments, options.segmentBytes(), loop, this::onWriteFailure);
    this.reader = new RecordReader(segments, logSegments);
    this.scanner = new LogScanner(segments, maxAppend);
    this.kinds = new KindRegistry(storage.tables(), options.segmentPrefix() + "kinds");
    this.ids = new IdAllocator(storage.tables(), options.segmentPrefix() + "meta", 1L << 16);
    this.random = new SplittableRandom(options.randomSeed());
    this.dispatcher = new Dispatcher(this);
    this.compactor = new Compactor(this);
  }

  /**
   * Opens the log on a loop thread of its own: loads kinds and ids, replays the log, stores
   * unfinished sessions. Blocks.
   */
  public static SessionLog open(StorageEngine storage, Clock clock, SessionsOptions options) {
    ScheduledExecutorService loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-sessions-loop");
              t.setDaemon(true);
              return t;
            });
    return open(storage, clock, options, loop, true);
  }

  /**
   * Opens the log on {@code loop}, which must run its tasks one at a time on one thread (e.g. a
   * Netty event loop, so that the transport and the log share a thread and a reply needs no thread
   * hop). The caller shuts {@code loop} down after {@link #close()}. Blocks.
   */
  public static SessionLog open(
      StorageEngine storage, Clock clock, SessionsOptions options, ScheduledExecutorService loop) {
    return open(storage, clock, options, loop, false);
  }

  private static SessionLog open(
      StorageEngine storage,
      Clock clock,
      SessionsOptions options,
      ScheduledExecutorService loop,
      boolean ownsLoop) {
    SessionLog s;
    try {
      s = new SessionLog(storage, clock, options, loop, ownsLoop);
    } catch (RuntimeException e) {
      if (ownsLoop) {
        loop.shutdownNow();
      }
      throw e;
    }
    try {
      s.loop.submit(s::start).get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      s.stopLoop();
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("sessions log failed to open", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      s.stopLoop();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("sessions log did not open in time", e);
    }
    long tick = options.tickInterval().toNanos();
    s.timers.add(s.loop.scheduleWithFixedDelay(s::tick, tick, tick, TimeUnit.NANOSECONDS));
    long compact = options.compactInterval().toNanos();
    s.timers.add(
        s.loop.scheduleWithFixedDelay(s.compactor::run, compact, compact, TimeUnit.NANOSECONDS));
    return s;
  }

  private void start() {
    kinds.load();
    for (KindSpec k : options.kinds()) {
      String why = kinds.validate(k);
      if (why != null) {
        throw new IllegalArgumentException("kind " + k.kind() + ": " + why);
      }
      kinds.persist(k).join();
      kinds.put(k);
    }
    ids.load();
    logSegments.load(segments);
    if (logSegments.isEmpty()) {
      segments.create(logSegments.nameOf(0), Map.of()).join();
      logSegments.add(0);
    }
    recover();
  }

  /** Rebuilds the live state from the log and stores every unfinished session. On the loop. */
  private void recover() {
    long t0 = clock.nanoTime();
    ready = false;
    index.clear();
    dispatcher.forgetLeases();
    long entries = 0;
    long bytes = 0;
    SegmentInfo last = null;
    for (Map.Entry<Long, String> seg : logSegments.all().entrySet()) {
      SegmentInfo info = segments.info(seg.getValue()).join();
      entries +=
          scanner.scan(
              seg.getValue(), seg.getKey(), info.startOffset(), info.length(), index::apply);
      bytes += info.length() - info.startOffset();
      last = info;
    }
    writer.reset(logSegments.lastBase(), last.length());
    compactor.reset(logSegments.firstBase());
    long now = clock.currentTimeMillis();
    List<SessionState> unfinished = new ArrayList<>();
    for (SessionState s : index.all()) {
      if (s.status != SessionStatus.STORED) {
        unfinished.add(s);
      }
    }
    unfinished.sort(Comparator.comparingLong(s -> s.id));
    for (SessionState s : unfinished) {
      KindSpec policy = kinds.policyOf(s.kind);
      long due = now + policy.defaultTimeout().toMillis() + jitter(policy);
      write(LogCodec.store(s.id, due, true), failure -> {});
    }
    ready = true;
    log.info(
        "sessions: {} live sessions ({} found unfinished, stored for redelivery) from {} log"
            + " records ({} bytes in {} segments from offset {}) in {} ms",
        index.size(),
        unfinished.size(),
        entries,
        bytes,
        logSegments.all().size(),
        logSegments.firstBase(),
        TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - t0));
  }

  private void onWriteFailure() {
    ready = false;
    rebuilds++;
    log.warn("sessions: a log write failed; rebuilding the state from the log once writes settle");
    writer.afterPending(this::rebuild);
  }

  private void rebuild() {
    if (closed) {
      return;
    }
    try {
      recover();
    } catch (RuntimeException e) {
      log.warn("sessions: rebuild failed ({}); retrying in {}", e.getMessage(), REBUILD_RETRY);
      loop.schedule(this::rebuild, REBUILD_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    try {
      dispatcher.run();
    } catch (RuntimeException e) {
      log.error("sessions: delivery tick failed", e);
    }
  }

  long jitter(KindSpec policy) {
    long max = policy.maxJitter().toMillis();
    return max <= 0 ? 0 : random.nextLong(max + 1);
  }

  /**
   * Writes one record: decodes it at the offset it will get, submits it, applies it to the index.
   *
   * @return the session it changed, or null
   */
  SessionState write(ByteBuffer record, LogWriter.Completion completion) {
    LogEntry entry = LogCodec.decodeOwn(record, writer.end());
    long offset = writer.append(record, completion);
    return index.apply(entry, offset);
  }

  private <T> SessionState write(ByteBuffer record, Reply<T> reply, T value) {
    return write(
        record,
        failure -> {
          if (failure == null) {
            acknowledged++;
            reply.ok(value);
          } else {
            reply.fail(errorOf(failure), failure.getMessage());
          }
        });
  }

  static SessionsError errorOf(StorageException e) {
    return e.error() == StorageError.BACKPRESSURE
        ? SessionsError.OVERLOADED
        : SessionsError.STORAGE_UNAVAILABLE;
  }

  boolean writable() {
    return ready && !closed && !writer.failed();
  }

  private boolean admit(Reply<?> reply, long bytes) {
    if (!writable()) {
      reply.fail(
          SessionsError.STORAGE_UNAVAILABLE,
          closed
              ? "the sessions face is shutting down"
              : "the sessions log is recovering from a storage error; retry shortly");
      return false;
    }
    if (writer.pendingBytes() + bytes > options.maxPendingBytes()) {
      reply.fail(
          SessionsError.OVERLOADED,
          "too many session writes are waiting to become durable; retry shortly");
      return false;
    }
    return true;
  }

  /** Finds the session an operation by {@code attempt} may change, or fails the reply. */
  private SessionState lookup(long id, int attempt, Reply<?> reply) {
    SessionState s = index.get(id);
    if (s == null) {
      if (id <= 0 || id >= ids.next()) {
        reply.fail(SessionsError.UNKNOWN_SESSION, "no session " + id + " was ever opened");
      } else {
        reply.fail(SessionsError.SESSION_FINISHED, "session " + id + " is finished (deleted)");
      }
      return null;
    }
    String lost =
        switch (s.status) {
          case OPEN ->
              attempt == 0
                  ? null
                  : "session " + id + " was never delivered; its creator uses attempt 0";
          case DELIVERED ->
              attempt == s.attempt
                  ? null
                  : "session "
                      + id
                      + " is leased to delivery attempt "
                      + s.attempt
                      + (attempt == 0 ? "" : "; attempt " + attempt + " lost its lease");
          case STORED ->
              attempt == 0
                  ? null
                  : "the lease of attempt "
                      + attempt
                      + " on session "
                      + id
                      + " lapsed; the session is stored for redelivery";
        };
    if (lost != null) {
      reply.fail(SessionsError.LEASE_LOST, lost);
      return null;
    }
    if (s.status == SessionStatus.STORED) {
      reply.fail(
          SessionsError.SESSION_STORED,
          "session "
              + id
              + " is stored until "
              + Instant.ofEpochMilli(s.dueAtMillis)
              + "; only the handler it is delivered to may change it");
      return null;
    }
    return s;
  }

  // ---- operations; each enqueues itself on the loop ----

  /**
   * Runs {@code batch} (calls of the {@code *Now} operations) now when called on the loop thread,
   * else as one loop task, its log records sent as one storage append ({@link LogWriter#gather});
   * runs {@code onRejected} instead, on the caller's thread, when the loop has stopped.
   *
   * <p>On the loop (the gRPC transport's thread: an {@code Operate} message just read), the append
   * is sent by one loop task after the transport's read ({@link #releaseGathered}), so every
   * message read from the socket in one go, from any connection, goes to the engine as one append.
   * A client sends the operations answering one result message in parts that often arrive together
   * (after a force that held the loop); sent as one append each, two or three of them met in one
   * writer-thread batch of several operations, which the engine's inline write then refused for the
   * next append too (it asks that the last batch held one), so each force of the stream paid the
   * writer thread's and the loop's wake-ups. Measured interleaved against one append per message:
   * 1.12x operations per second [1.03-1.20] over 6 rounds (docs/benchmarks.md, Sessions).
   */
  void runBatch(Runnable batch, Runnable onRejected) {
    if (loop instanceof EventExecutor e && e.inEventLoop()) {
      writer.gather(); // already on the loop: no task hop
      try {
        batch.run();
      } finally {
        releaseAfterRead();
      }
      return;
    }
    try {
      loop.execute(() -> runGathered(batch));
    } catch (RejectedExecutionException e) {
      onRejected.run();
    }
  }

  /** Queues {@link #releaseGathered} unless it is queued already; on the loop. */
  private void releaseAfterRead() {
    if (releaseQueued) {
      return;
    }
    releaseQueued = true;
    try {
      loop.execute(releaseTask);
    } catch (RejectedExecutionException e) {
      releaseGathered(); // the loop is stopping: send now
    }
  }

  /** Sends the records gathered since the first message of a read as one append; on the loop. */
  private void releaseGathered() {
    releaseQueued = false;
    writer.release();
  }

  /** Runs {@code batch} on the loop with its records sent as one storage append. */
  private void runGathered(Runnable batch) {
    writer.gather();
    try {
      batch.run();
    } finally {
      writer.release();
    }
  }

  /** Runs {@code task} on the loop, or fails {@code reply} when the loop has stopped. */
  private void onLoop(Reply<?> reply, Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      if (reply != null) {
        reply.fail(SessionsError.STORAGE_UNAVAILABLE, "the sessions face is shut down");
      }
    }
  }

  public void open(int kind, Reply<Long> reply) {
    onLoop(reply, () -> openNow(kind, reply));
  }

  /** {@link #open}, on the loop. */
  void openNow(int kind, Reply<Long> reply) {
    if (!admit(reply, 64)) {
      return;
    }
    if (kinds.get(kind) == null) {
      reply.fail(
          SessionsError.UNKNOWN_KIND,
          "kind "
              + Integer.toUnsignedString(kind)
              + " is not defined; define it first (DefineKind, or ./sluice session kind)");
      return;
    }
    long id = ids.allocate(loop::execute);
    if (id == 0) {
      reply.fail(SessionsError.OVERLOADED, "session ids are being reserved; retry shortly");
      return;
    }
    write(LogCodec.newSession(id, kind), reply, id);
  }

  public void append(long id, int attempt, List<ByteBuffer> records, Reply<Integer> reply) {
    onLoop(reply, () -> appendNow(id, attempt, records, reply));
  }

  /** {@link #append}, on the loop. */
  void appendNow(long id, int attempt, List<ByteBuffer> records, Reply<Integer> reply) {
    if (records.isEmpty()) {
      reply.fail(SessionsError.BAD_REQUEST, "an append needs at least one record");
      return;
    }
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).remaining() > options.maxRecordBytes()) {
        reply.fail(
            SessionsError.RECORD_TOO_LARGE,
            "record "
                + i
                + " has "
                + records.get(i).remaining()
                + " bytes; the limit is "
                + options.maxRecordBytes());
        return;
      }
    }
    long bytes = LogCodec.recordsBytes(records);
    if (!admit(reply, bytes)) {
      return;
    }
    SessionState s = lookup(id, attempt, reply);
    if (s == null || !fits(s, s.encodedBytes, bytes, reply)) {
      return;
    }
    int count = s.records.size() + records.size();
    write(LogCodec.append(id, records), reply, count);
  }

  private boolean fits(SessionState s, long keep, long add, Reply<?> reply) {
    if (keep + add > options.maxSessionBytes()) {
      reply.fail(
          SessionsError.SESSION_TOO_LARGE,
          "session "
              + s.id
              + " would hold "
              + (keep + add)
              + " bytes; the limit is "
              + options.maxSessionBytes());
      return false;
    }
    return true;
  }

  public void replace(long id, int attempt, ByteBuffer record, Reply<Void> reply) {
    onLoop(reply, () -> replaceNow(id, attempt, record, reply));
  }

  /** {@link #replace}, on the loop. */
  void replaceNow(long id, int attempt, ByteBuffer record, Reply<Void> reply) {
    if (record.remaining() > options.maxRecordBytes()) {
      reply.fail(
          SessionsError.RECORD_TOO_LARGE,
          "the record has "
              + record.remaining()
              + " bytes; the limit is "
              + options.maxRecordBytes());
      return;
    }
    if (!admit(reply, record.remaining())) {
      return;
    }
    SessionState s = lookup(id, attempt, reply);
    if (s == null) {
      return;
    }
    write(LogCodec.replace(id, record), reply, null);
  }

  public void delete(long id, int attempt, Reply<Void> reply) {
    onLoop(reply, () -> deleteNow(id, attempt, reply));
  }

  /** {@link #delete}, on the loop. */
  void deleteNow(long id, int attempt, Reply<Void> reply) {
    if (!admit(reply, 32)) {
      return;
    }
    SessionState s = lookup(id, attempt, reply);
    if (s == null) {
      return;
    }
    dispatcher.finished(s);
    write(LogCodec.delete(id), reply, null);
    dispatcher.run();
  }

  /**
   * Stores a session.
   *
   * @param timeoutMillis the delay, or -1 for the kind's default
   */
  public void store(long id, int attempt, long timeoutMillis, Reply<Long> reply) {
    onLoop(reply, () -> storeNow(id, attempt, timeoutMillis, reply));
  }

  /** {@link #store}, on the loop. */
  void storeNow(long id, int attempt, long timeoutMillis, Reply<Long> reply) {
    if (timeoutMillis > MAX_TIMEOUT.toMillis()) {
      reply.fail(
          SessionsError.BAD_REQUEST,
          "timeout "
              + timeoutMillis
              + " ms is over the limit of "
              + MAX_TIMEOUT.toDays()
              + " days");
      return;
    }
    if (!admit(reply, 32)) {
      return;
    }
    SessionState s = lookup(id, attempt, reply);
    if (s == null) {
      return;
    }
    KindSpec policy = kinds.policyOf(s.kind);
    long delay = timeoutMillis >= 0 ? timeoutMillis : policy.defaultTimeout().toMillis();
    long due = clock.currentTimeMillis() + delay + jitter(policy);
    dispatcher.finished(s);
    write(LogCodec.store(id, due, false), reply, due);
    dispatcher.run();
  }

  public void renew(long id, int attempt, long leaseMillis, Reply<Void> reply) {
    onLoop(
        reply,
        () -> {
          if (leaseMillis > MAX_TIMEOUT.toMillis()) {
            reply.fail(SessionsError.BAD_REQUEST, "lease " + leaseMillis + " ms is too long");
            return;
          }
          SessionState s = lookup(id, attempt, reply);
          if (s == null) {
            return;
          }
          if (s.status != SessionStatus.DELIVERED || s.lease == null) {
            reply.fail(SessionsError.LEASE_LOST, "session " + id + " is not delivered; no lease");
            return;
          }
          long lease = leaseMillis > 0 ? leaseMillis : s.lease.leaseMillis;
          s.leaseDeadlineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lease);
          reply.ok(null);
        });
  }

  public void get(long id, boolean includeRecords, Reply<SessionInfo> reply) {
    onLoop(
        reply,
        () -> {
          SessionState s = index.get(id);
          if (s == null) {
            lookup(id, 0, reply);
            return;
          }
          SessionInfo.Builder b =
              SessionInfo.newBuilder()
                  .setId(s.id)
                  .setKind(s.kind)
                  .setOriginalKind(s.originalKind)
                  .setState(s.status.wire)
                  .setAttempt(s.attempt)
                  .setDueAtMillis(s.status == SessionStatus.STORED ? s.dueAtMillis : 0)
                  .setRecordCount(s.records.size())
                  .setByteCount(s.dataBytes);
          if (!includeRecords) {
            reply.ok(b.build());
            return;
          }
          List<RecordRef> refs = List.copyOf(s.records);
          writer.afterPending(
              () ->
                  reader
                      .read(refs)
                      .whenCompleteAsync(
                          (bufs, error) -> {
                            if (error != null) {
                              reply.fail(
                                  SessionsError.STORAGE_UNAVAILABLE,
                                  "could not read the records of session "
                                      + id
                                      + ": "
                                      + error.getMessage());
                            } else {
                              bufs.forEach(
                                  r -> b.addRecords(com.google.protobuf.ByteString.copyFrom(r)));
                              reply.ok(b.build());
                            }
                          },
                          loop));
        });
  }

  public void defineKind(KindSpec spec, Reply<Void> reply) {
    onLoop(
        reply,
        () -> {
          String why = kinds.validate(spec);
          if (why != null) {
            reply.fail(SessionsError.BAD_REQUEST, "kind " + spec.kind() + ": " + why);
            return;
          }
          kinds
              .persist(spec)
              .whenCompleteAsync(
                  (v, error) -> {
                    if (error != null) {
                      StorageException se = StorageException.unwrap(error);
                      reply.fail(
                          se == null ? SessionsError.STORAGE_UNAVAILABLE : errorOf(se),
                          "could not store kind " + spec.kind() + ": " + error.getMessage());
                    } else {
                      kinds.put(spec);
                      reply.ok(null);
                      dispatcher.run();
                    }
                  },
                  loop);
        });
  }

  public void listKinds(Reply<List<KindSpec>> reply) {
    onLoop(reply, () -> reply.ok(kinds.snapshot()));
  }

  /** Subscribes a handler; see {@link Dispatcher#add}. */
  public void addHandler(HandlerStream h, Reply<Void> onRefused) {
    onLoop(onRefused, () -> dispatcher.add(h, onRefused));
  }

  public void removeHandler(HandlerStream h) {
    onLoop(null, () -> dispatcher.remove(h));
  }

  /** The counters now (waits for the loop). */
  public SessionsStats stats() {
    try {
      return loop.submit(
              () ->
                  new SessionsStats(
                      index.size(),
                      index.queues().values().stream().mapToLong(q -> q.size()).sum(),
                      compactor.startOffset(),
                      writer.end(),
                      index.liveBytes(),
                      acknowledged,
                      dispatcher.deliveries,
                      dispatcher.lapses,
                      dispatcher.deadLettered,
                      compactor.images,
                      compactor.reclaimedBytes,
                      rebuilds,
                      dispatcher.redeliveries,
                      index.all().stream().filter(s -> s.status == SessionStatus.OPEN).count()))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("sessions loop did not answer", e);
    }
  }

  /**
   * Stops taking operations, waits (up to 5 s) for writes in flight to settle, stops the loop.
   * Idempotent.
   */
  public void close() {
    if (stopped || loop.isShutdown()) {
      return;
    }
    onLoop(
        null,
        () -> {
          closed = true;
          dispatcher.closeAll();
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      try {
        if (loop.submit(writer::idle).get(1, TimeUnit.SECONDS)) {
          break;
        }
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException
          | TimeoutException
          | java.util.concurrent.RejectedExecutionException e) {
        break;
      }
    }
    stopLoop();
  }

  /** Stops the loop if the log owns it, else only the log's timers on it. */
  private void stopLoop() {
    stopped = true;
    timers.forEach(t -> t.cancel(false));
    if (!ownsLoop) {
      return;
    }
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
