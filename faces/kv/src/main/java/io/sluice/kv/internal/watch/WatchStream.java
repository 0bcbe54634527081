package io.sluice.kv.internal.watch;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.proto.etcdserverpb.WatchCreateRequest;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.kv.proto.mvccpb.Event;
import io.sluice.kv.proto.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC Watch call: creates and cancels watchers in request order and pushes their events.
 *
 * <p>Requests arrive on gRPC's serialized inbound path; events are produced by a pump that runs on
 * the hub's executor, at most one at a time per stream (an atomic run state), and only while the
 * transport is ready, so a slow client holds back only its own watchers' positions. Every send is
 * made under {@code sendLock}, which keeps a watcher's created reply ahead of its events.
 */
public final class WatchStream implements StreamObserver<WatchRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);
  private static final int MAX_REVS_PER_RESPONSE = 1000;
  private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});

  private final WatchHub hub;
  private final KvEngine engine;
  private final Headers headers;
  private final ServerCallStreamObserver<WatchResponse> out;
  private final Map<Long, Watcher> watchers = new ConcurrentSkipListMap<>();
  private final Object sendLock = new Object();
  private final AtomicInteger pumpState = new AtomicInteger();
  private long nextId;
  private volatile boolean closed;

  public WatchStream(WatchHub hub, Headers headers, StreamObserver<WatchResponse> out) {
    this.hub = hub;
    this.engine = hub.engine();
    this.headers = headers;
    this.out = (ServerCallStreamObserver<WatchResponse>) out;
    this.out.setOnReadyHandler(this::signal);
    this.out.setOnCancelHandler(this::shutdown);
    hub.add(this);
  }

  @Override
  public void onNext(WatchRequest req) {
    switch (req.getRequestUnionCase()) {
      case CREATE_REQUEST -> create(req.getCreateRequest());
      case CANCEL_REQUEST -> {
        long id = req.getCancelRequest().getWatchId();
        if (watchers.remove(id) != null) {
          send(
              WatchResponse.newBuilder()
                  .setHeader(headers.current())
                  .setWatchId(id)
                  .setCanceled(true)
                  .build());
        }
      }
      case PROGRESS_REQUEST ->
          send(WatchResponse.newBuilder().setHeader(headers.current()).setWatchId(-1).build());
      default -> {}
    }
  }

  private void create(WatchCreateRequest c) {
    ByteString key = c.getKey().isEmpty() ? ZERO : c.getKey();
    ByteString end = c.getRangeEnd();
    long current = engine.durableRev();
    String error = null;
    long id = -1;
    if (!end.isEmpty()
        && !end.equals(MvccIndex.FROM_KEY)
        && MvccIndex.KEY_ORDER.compare(key, end) >= 0) {
      error = "mvcc: watcher range is empty";
    } else if (c.getWatchId() != 0) {
      if (watchers.containsKey(c.getWatchId())) {
        error = "mvcc: duplicate watch ID provided on the WatchStream";
      } else {
        id = c.getWatchId();
      }
    } else {
      while (watchers.containsKey(nextId)) {
        nextId++;
      }
      id = nextId++;
    }
    WatchResponse.Builder created =
        WatchResponse.newBuilder().setHeader(headers.header(current)).setCreated(true);
    if (error != null) {
      send(created.setWatchId(-1).setCanceled(true).setCancelReason(error).build());
      return;
    }
    boolean noPut = false;
    boolean noDelete = false;
    for (WatchCreateRequest.FilterType f : c.getFiltersList()) {
      noPut |= f == WatchCreateRequest.FilterType.NOPUT;
      noDelete |= f == WatchCreateRequest.FilterType.NODELETE;
    }
    long start = c.getStartRevision() == 0 ? current + 1 : c.getStartRevision();
    Watcher w =
        new Watcher(
            id,
            key,
            end,
            noPut,
            noDelete,
            c.getPrevKv(),
            c.getFragment(),
            c.getProgressNotify(),
            start);
    synchronized (sendLock) {
      send(created.setWatchId(id).build());
      watchers.put(id, w);
    }
    signal();
  }

  /** Asks the pump to run (now, or once more after its current run). */
  void signal() {
    if (closed) {
      return;
    }
    if (pumpState.getAndIncrement() == 0) {
      offload();
    }
  }

  /** Like {@link #signal()}, but runs the pump in the calling (dispatcher) thread if it can. */
  void signalInline() {
    if (!closed && pumpState.getAndIncrement() == 0) {
      pump(true);
    }
  }

  private void offload() {
    try {
      hub.pumps().execute(() -> pump(false));
    } catch (RuntimeException e) {
      pumpState.set(0);
    }
  }

  private static final int CAUGHT_UP = 0;
  private static final int MORE = 1;
  private static final int NEEDS_DISK = 2;

  /**
   * Delivers until every watcher is caught up or the transport pushes back. Inline (on the hub's
   * dispatcher) it only delivers values held in memory and moves itself to a virtual thread
   * otherwise.
   */
  private void pump(boolean inline) {
    do {
      pumpState.set(1);
      try {
        for (Watcher w : watchers.values()) {
          while (!closed && watchers.get(w.id) == w && out.isReady()) {
            int r = deliver(w, inline);
            if (r == NEEDS_DISK) {
              offload();
              return;
            }
            if (r == CAUGHT_UP) {
              break;
            }
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("watch stream failed", e);
        fail(e);
        return;
      }
    } while (pumpState.decrementAndGet() > 0);
  }

  /** One event of a delivery, with what is needed to build it outside the lock. */
  private record Pending(KeyRev kr, KeyRev prev) {}

  /** Sends the next batch of {@code w}; says whether more may be waiting. */
  private int deliver(Watcher w, boolean inline) {
    long durable = engine.durableRev();
    long from = w.nextRev;
    if (from > durable) {
      return CAUGHT_UP;
    }
    long to = Math.min(durable, from + MAX_REVS_PER_RESPONSE - 1);
    List<Pending> events = new ArrayList<>();
    long compactRev =
        engine.read(
            index -> {
              if (from < index.compactRev()) {
                return index.compactRev();
              }
              index.forEachChange(
                  from,
                  to,
                  kr -> {
                    if (!w.matches(kr.key()) || (kr.tombstone() ? w.noDelete : w.noPut)) {
                      return;
                    }
                    KeyRev prev = null;
                    if (w.prevKv && kr.modRev() - 1 >= index.compactRev()) {
                      prev = index.get(kr.key(), kr.modRev() - 1);
                    }
                    events.add(new Pending(kr, prev));
                  });
              return -1L;
            });
    if (compactRev >= 0) {
      watchers.remove(w.id);
      send(
          WatchResponse.newBuilder()
              .setHeader(headers.header(0))
              .setWatchId(w.id)
              .setCompactRevision(compactRev)
              .setCanceled(true)
              .build());
      return CAUGHT_UP;
    }
    List<KeyRev> need = new ArrayList<>();
    for (Pending p : events) {
      if (!p.kr().tombstone()) {
        need.add(p.kr());
      }
      if (p.prev() != null) {
        need.add(p.prev());
      }
    }
    if (inline) {
      for (KeyRev kr : need) {
        if (kr.cachedValue() == null) {
          return NEEDS_DISK;
        }
      }
    }
    w.nextRev = to + 1;
    if (events.isEmpty()) {
      return to < durable ? MORE : CAUGHT_UP;
    }
    List<ByteString> values = engine.storage().values(need).join();
    List<Event> evs = new ArrayList<>(events.size());
    int vi = 0;
    for (Pending p : events) {
      Event.Builder ev = Event.newBuilder();
      if (p.kr().tombstone()) {
        ev.setType(Event.EventType.DELETE)
            .setKv(KeyValue.newBuilder().setKey(p.kr().key()).setModRevision(p.kr().modRev()));
      } else {
        ev.setType(Event.EventType.PUT).setKv(KvEngine.toKv(p.kr(), values.get(vi++)));
      }
      if (p.prev() != null) {
        ev.setPrevKv(KvEngine.toKv(p.prev(), values.get(vi++)));
      }
      evs.add(ev.build());
    }
    WatchResponse wr =
        WatchResponse.newBuilder()
            .setHeader(headers.header(to))
            .setWatchId(w.id)
            .addAllEvents(evs)
            .build();
    w.sentSinceProgress = true;
    if (w.fragment) {
      sendFragments(wr);
    } else {
      send(wr);
    }
    return to < durable ? MORE : CAUGHT_UP;
  }

  /** etcd's sendFragments: splits a response over the request limit between events. */
  private void sendFragments(WatchResponse wr) {
    int max = hub.maxRequestBytes();
    if (wr.getSerializedSize() < max || wr.getEventsCount() < 2) {
      send(wr);
      return;
    }
    WatchResponse.Builder cur = wr.toBuilder().clearEvents().setFragment(true);
    int idx = 0;
    while (true) {
      cur.clearEvents().setFragment(true);
      while (idx < wr.getEventsCount()) {
        cur.addEvents(wr.getEvents(idx));
        if (cur.getEventsCount() > 1 && cur.build().getSerializedSize() >= max) {
          cur.removeEvents(cur.getEventsCount() - 1);
          break;
        }
        idx++;
      }
      if (idx == wr.getEventsCount()) {
        cur.setFragment(false);
      }
      send(cur.build());
      if (!cur.getFragment()) {
        return;
      }
    }
  }

  void progressTick() {
    long durable = engine.durableRev();
    for (Watcher w : watchers.values()) {
      if (!w.progressNotify) {
        continue;
      }
      if (w.sentSinceProgress) {
        w.sentSinceProgress = false;
        continue;
      }
      if (w.nextRev > durable) {
        send(
            WatchResponse.newBuilder().setHeader(headers.header(durable)).setWatchId(w.id).build());
      }
    }
  }

  private void send(WatchResponse r) {
    synchronized (sendLock) {
      if (closed) {
        return;
      }
      try {
        out.onNext(r);
      } catch (RuntimeException e) {
        closed = true;
        hub.remove(this);
      }
    }
  }

  private void fail(Throwable t) {
    synchronized (sendLock) {
      if (!closed) {
        closed = true;
        hub.remove(this);
        try {
          out.onError(io.sluice.kv.internal.etcd.EtcdException.toStatus(t));
        } catch (RuntimeException ignored) {
          // the call is already gone
        }
      }
    }
  }

  void shutdown() {
    synchronized (sendLock) {
      closed = true;
    }
    hub.remove(this);
  }

  @Override
  public void onError(Throwable t) {
    shutdown();
  }

  @Override
  public void onCompleted() {
    synchronized (sendLock) {
      if (!closed) {
        closed = true;
        hub.remove(this);
        try {
          out.onCompleted();
        } catch (RuntimeException ignored) {
          // the call is already gone
        }
      }
    }
  }
}
