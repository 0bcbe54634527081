package io.sluice.sessions.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of finished sessions in the log.
 *
 * <p>Every live session needs the log from its NEW (or latest IMAGE) record on; everything before
 * the oldest such offset belongs to finished sessions only, so every log segment that ends at or
 * before it is deleted (the engine frees a deleted segment's files). Sessions that live long
 * (stored with a long timeout, or never finished) would pin the log; when the retained log is over
 * {@code compactMinBytes} and more than twice what the live sessions hold, the sessions needing the
 * oldest half of it are copied forward: their records are read and written again at the tail as one
 * IMAGE record each, which supersedes their older records, and the old segments can then be
 * deleted. A session that changes while its records are being read is skipped (and copied in a
 * later round), so an image never loses a change. Copying is amortised: after a round the retained
 * log is at most about twice the live data, so under a steady load the segment's retained size
 * stays flat.
 *
 * <p>Owned by the sessions loop thread; not thread-safe.
 */
final class Compactor {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  /** Most bytes copied forward per round. */
  private static final long ROUND_BYTES = 8L << 20;

  private static final int ROUND_SESSIONS = 20_000;

  /** Framing a live session adds beyond its records, in the estimate of what images would take. */
  private static final long SESSION_OVERHEAD = LogCodec.MAX_FIXED_OVERHEAD;

  private final SessionLog owner;
  private long startOffset;
  private boolean deleting;
  private boolean copying;
  long images;
  long reclaimedBytes;

  Compactor(SessionLog owner) {
    this.owner = owner;
  }

  void reset(long start) {
    startOffset = start;
    deleting = false;
    copying = false;
  }

  long startOffset() {
    return startOffset;
  }

  void run() {
    try {
      if (!owner.writable()) {
        return;
      }
      deleteOldSegments();
      copyForward();
    } catch (RuntimeException e) {
      log.error("sessions: compaction failed", e);
    }
  }

  private void deleteOldSegments() {
    if (deleting) {
      return;
    }
    long to = Math.min(owner.index.minFirstOffset(owner.writer.end()), owner.writer.durableEnd());
    List<Long> bases = new ArrayList<>();
    Long prev = null;
    for (Long base : owner.logSegments.all().keySet()) {
      if (prev != null) {
        if (base > to) {
          break;
        }
        bases.add(prev);
      }
      prev = base;
    }
    if (bases.isEmpty()) {
      return;
    }
    deleting = true;
    List<CompletableFuture<Void>> deletes = new ArrayList<>();
    for (long base : bases) {
      deletes.add(owner.segments.delete(owner.logSegments.nameOf(base)));
    }
    long newStart = owner.logSegments.all().higherKey(bases.get(bases.size() - 1));
    CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new))
        .whenCompleteAsync(
            (v, error) -> {
              deleting = false;
              for (int i = 0; i < bases.size(); i++) {
                if (!deletes.get(i).isCompletedExceptionally()) {
                  owner.logSegments.remove(bases.get(i));
                }
              }
              if (error != null) {
                log.warn("sessions: deleting old log segments failed: {}", error.toString());
              } else if (newStart > startOffset) {
                reclaimedBytes += newStart - startOffset;
                startOffset = newStart;
              }
            },
            owner.loop);
  }

  private void copyForward() {
    if (copying) {
      return;
    }
    long end = owner.writer.end();
    long retained = end - startOffset;
    long live = owner.index.liveBytes() + SESSION_OVERHEAD * owner.index.size();
    if (retained <= owner.options.compactMinBytes() || retained <= 2 * live) {
      return;
    }
    long target = startOffset + retained / 2;
    List<SessionState> chosen = new ArrayList<>();
    long bytes = 0;
    for (SessionState s : owner.index.byFirstOffset()) {
      if (s.firstOffset >= target || bytes >= ROUND_BYTES || chosen.size() >= ROUND_SESSIONS) {
        break;
      }
      chosen.add(s);
      bytes += s.encodedBytes + SESSION_OVERHEAD;
    }
    if (chosen.isEmpty()) {
      return;
    }
    copying = true;
    // read only what is durable: wait until everything submitted so far has settled
    owner.writer.afterPending(() -> readAndCopy(chosen));
  }

  private void readAndCopy(List<SessionState> chosen) {
    List<CompletableFuture<Void>> reads = new ArrayList<>(chosen.size());
    for (SessionState s : chosen) {
      if (owner.index.get(s.id) != s) {
        continue;
      }
      long version = s.version;
      reads.add(
          owner
              .reader
              .read(List.copyOf(s.records))
              .thenAcceptAsync(records -> writeImage(s, version, records), owner.loop));
    }
    CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .whenCompleteAsync(
            (v, error) -> {
              copying = false;
              if (error != null) {
                log.warn("sessions: copying sessions forward failed: {}", error.toString());
              }
            },
            owner.loop);
  }

  private void writeImage(SessionState s, long version, List<ByteBuffer> records) {
    if (owner.index.get(s.id) != s || s.version != version || !owner.writable()) {
      return;
    }
    ByteBuffer image =
        LogCodec.image(
            s.id, s.kind, s.originalKind, s.status, s.attempt, s.dueAtMillis, s.storeSeq, records);
    owner.write(image, failure -> {});
    images++;
  }
}
