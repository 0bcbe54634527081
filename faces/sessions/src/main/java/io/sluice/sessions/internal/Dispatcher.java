package io.sluice.sessions.internal;

import io.grpc.Status;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.Delivery;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due sessions to handlers and takes them back when a lease lapses or a handler goes away.
 *
 * <p>For each kind with stored sessions, in (due time, store order) order: a due session that has
 * had its kind's {@code maxAttempts} deliveries moves to the dead-letter kind (a MOVE record);
 * otherwise, if a handler of the kind has room, a DELIVER record with the next attempt number is
 * written, and once it is durable the records are read and streamed to the handler, which holds the
 * session under a lease. A lapsed lease or a closed stream puts the session back in its queue, due
 * at once, so another handler gets it (with the next attempt number). Leases are in-process only: a
 * session found DELIVERED after a restart was unfinished, and is stored with its kind's timeout.
 *
 * <p>Owned by the sessions loop thread; not thread-safe.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final long DEFAULT_LEASE_MILLIS = 30_000;

  private final SessionLog owner;
  private final Map<Integer, List<HandlerStream>> handlers = new HashMap<>();
  private final Map<Integer, Integer> nextHandler = new HashMap<>();
  long deliveries;
  long redeliveries;
  long lapses;
  long deadLettered;

  Dispatcher(SessionLog owner) {
    this.owner = owner;
  }

  /** The lease for a handler that asked for {@code leaseMillis} (0: the kind's timeout). */
  static long leaseFor(KindSpec policy, long leaseMillis) {
    if (leaseMillis > 0) {
      return leaseMillis;
    }
    long d = policy.defaultTimeout().toMillis();
    return d > 0 ? d : DEFAULT_LEASE_MILLIS;
  }

  void add(HandlerStream h, Reply<Void> onRefused) {
    if (owner.kinds.get(h.kind) == null) {
      onRefused.fail(
          SessionsError.UNKNOWN_KIND,
          "kind " + Integer.toUnsignedString(h.kind) + " is not defined; define it first");
      return;
    }
    if (h.closed) {
      return;
    }
    h.leaseMillis = leaseFor(owner.kinds.get(h.kind), h.requestedLeaseMillis);
    handlers.computeIfAbsent(h.kind, k -> new ArrayList<>()).add(h);
    log.debug("sessions: {} subscribed", h);
    run();
  }

  void remove(HandlerStream h) {
    h.closed = true;
    List<HandlerStream> list = handlers.get(h.kind);
    if (list != null) {
      list.remove(h);
      if (list.isEmpty()) {
        handlers.remove(h.kind);
      }
    }
    for (Long id : List.copyOf(h.inFlight)) {
      SessionState s = owner.index.get(id);
      if (s != null && s.lease == h && s.status == SessionStatus.DELIVERED) {
        takeBack(s);
      }
    }
    h.inFlight.clear();
    run();
  }

  /** Ends every handler stream (the face is closing). */
  void closeAll() {
    for (List<HandlerStream> list : List.copyOf(handlers.values())) {
      for (HandlerStream h : List.copyOf(list)) {
        h.closed = true;
        try {
          h.stream.onError(
              Status.UNAVAILABLE.withDescription("the node is shutting down").asRuntimeException());
        } catch (RuntimeException e) {
          log.debug("handler stream already gone", e);
        }
      }
    }
    handlers.clear();
  }

  /** Drops every lease (the state is being rebuilt from the log, where leases do not exist). */
  void forgetLeases() {
    handlers.values().forEach(list -> list.forEach(h -> h.inFlight.clear()));
  }

  /** A handler (or the creator) finished or stored {@code s}: its lease, if any, ends. */
  void finished(SessionState s) {
    HandlerStream h = s.lease;
    if (h != null) {
      h.inFlight.remove(s.id);
      s.lease = null;
      completeIfDone(h);
    }
  }

  /** Ends the stream of a handler that got all it asked for and holds nothing any more. */
  private void completeIfDone(HandlerStream h) {
    if (!h.closed && h.exhausted() && h.inFlight.isEmpty()) {
      h.closed = true;
      remove(h);
      try {
        h.stream.onCompleted();
      } catch (RuntimeException e) {
        log.debug("handler stream already gone", e);
      }
    }
  }

  private void takeBack(SessionState s) {
    HandlerStream h = s.lease;
    if (h != null) {
      h.inFlight.remove(s.id);
    }
    owner.index.release(s, owner.clock.currentTimeMillis(), owner.writer.end());
    lapses++;
    if (h != null) {
      completeIfDone(h);
    }
  }

  /** Takes back lapsed leases and hands out due sessions. */
  void run() {
    if (!owner.writable()) {
      return;
    }
    expireLeases();
    long now = owner.clock.currentTimeMillis();
    for (Integer kind : List.copyOf(owner.index.queues().keySet())) {
      while (true) {
        TreeSet<SessionState> queue = owner.index.queues().get(kind);
        if (queue == null || queue.isEmpty()) {
          break;
        }
        SessionState s = queue.first();
        if (s.dueAtMillis > now || !owner.writable()) {
          break;
        }
        KindSpec policy = owner.kinds.policyOf(kind);
        if (policy.maxAttempts() > 0
            && s.attempt >= policy.maxAttempts()
            && policy.deadLetterKind() != kind) {
          log.info(
              "sessions: {} had {} deliveries; moving it to dead-letter kind {}",
              s,
              s.attempt,
              policy.deadLetterKind());
          owner.write(LogCodec.move(s.id, policy.deadLetterKind()), failure -> {});
          deadLettered++;
          continue;
        }
        HandlerStream h = pick(kind);
        if (h == null) {
          break;
        }
        deliver(s, h);
      }
    }
  }

  private void expireLeases() {
    long nowNanos = owner.clock.nanoTime();
    for (List<HandlerStream> list : handlers.values()) {
      for (HandlerStream h : list) {
        Iterator<Long> it = h.inFlight.iterator();
        while (it.hasNext()) {
          SessionState s = owner.index.get(it.next());
          if (s == null || s.lease != h || s.status != SessionStatus.DELIVERED) {
            it.remove();
          } else if (nowNanos - s.leaseDeadlineNanos > 0) {
            it.remove();
            log.info("sessions: lease of {} lapsed; it goes back to the queue", s);
            takeBack(s);
          }
        }
      }
    }
  }

  private HandlerStream pick(int kind) {
    List<HandlerStream> list = handlers.get(kind);
    if (list == null || list.isEmpty()) {
      return null;
    }
    int start = nextHandler.getOrDefault(kind, 0);
    for (int i = 0; i < list.size(); i++) {
      int idx = (start + i) % list.size();
      HandlerStream h = list.get(idx);
      if (h.hasRoom()) {
        nextHandler.put(kind, idx + 1);
        return h;
      }
    }
    return null;
  }

  private void deliver(SessionState s, HandlerStream h) {
    int attempt = s.attempt + 1;
    owner.write(
        LogCodec.deliver(s.id, attempt),
        failure -> {
          if (failure == null) {
            send(s, h, attempt);
          }
        });
    s.lease = h;
    s.leaseDeadlineNanos = owner.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(h.leaseMillis);
    h.inFlight.add(s.id);
    h.delivered++;
    deliveries++;
    if (attempt > 1) {
      redeliveries++;
    }
  }

  private boolean holds(SessionState s, HandlerStream h, int attempt) {
    return owner.index.get(s.id) == s
        && s.status == SessionStatus.DELIVERED
        && s.attempt == attempt
        && s.lease == h
        && !h.closed;
  }

  private void send(SessionState s, HandlerStream h, int attempt) {
    if (!holds(s, h, attempt)) {
      return;
    }
    List<RecordRef> refs = List.copyOf(s.records);
    long due = s.dueAtMillis;
    owner
        .reader
        .read(refs)
        .whenCompleteAsync(
            (records, error) -> {
              if (!holds(s, h, attempt)) {
                return;
              }
              if (error != null) {
                log.warn("sessions: could not read the records of {}: {}", s, error.toString());
                takeBack(s);
                return;
              }
              Delivery.Builder d =
                  Delivery.newBuilder()
                      .setId(s.id)
                      .setKind(s.kind)
                      .setOriginalKind(s.originalKind)
                      .setAttempt(attempt)
                      .setDueAtMillis(due)
                      .setLeaseMillis(h.leaseMillis);
              for (ByteBuffer r : records) {
                d.addRecords(com.google.protobuf.ByteString.copyFrom(r));
              }
              s.leaseDeadlineNanos =
                  owner.clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(h.leaseMillis);
              try {
                h.stream.onNext(d.build());
              } catch (RuntimeException e) {
                log.debug("sessions: handler stream gone while sending {}", s, e);
                remove(h);
              }
            },
            owner.loop);
  }
}
