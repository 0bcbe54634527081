package io.sluice.kv.internal.watch;

import io.sluice.kv.internal.etcd.KvEngine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every open watch stream of a node. When the durable revision advances, each stream is signalled
 * and pulls what its watchers have not seen; a timer sends progress notifications. Thread-safe.
 */
public final class WatchHub implements AutoCloseable {
  private final KvEngine engine;
  private final ExecutorService pumps;
  private final Set<WatchStream> streams = ConcurrentHashMap.newKeySet();
  private final ScheduledFuture<?> progressTask;
  private final int maxRequestBytes;
  private final java.util.concurrent.atomic.AtomicBoolean dispatchScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  public WatchHub(
      KvEngine engine,
      ExecutorService pumps,
      ScheduledExecutorService timer,
      long progressNotifyMillis,
      int maxRequestBytes) {
    this.engine = engine;
    this.pumps = pumps;
    this.maxRequestBytes = maxRequestBytes;
    engine.setDurableListener(rev -> dispatch());
    this.progressTask =
        timer.scheduleAtFixedRate(
            this::progressTick, progressNotifyMillis, progressNotifyMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Wakes every stream after the durable revision advanced: one dispatcher task at a time runs the
   * streams' pumps inline (coalescing bursts of revisions); a pump that would have to read values
   * from disk moves itself to its own virtual thread.
   */
  private void dispatch() {
    // no stream, no task: a stream opened meanwhile signals its own pump when a watcher is created
    if (streams.isEmpty()) {
      return;
    }
    if (!dispatchScheduled.getAndSet(true)) {
      try {
        pumps.execute(
            () -> {
              dispatchScheduled.set(false);
              streams.forEach(WatchStream::signalInline);
            });
      } catch (RuntimeException e) {
        dispatchScheduled.set(false);
      }
    }
  }

  KvEngine engine() {
    return engine;
  }

  ExecutorService pumps() {
    return pumps;
  }

  int maxRequestBytes() {
    return maxRequestBytes;
  }

  void add(WatchStream s) {
    streams.add(s);
  }

  void remove(WatchStream s) {
    streams.remove(s);
  }

  /** Sends a progress notification to every synced progress_notify watcher that was quiet. */
  public void progressTick() {
    streams.forEach(WatchStream::progressTick);
  }

  public int streamCount() {
    return streams.size();
  }

  @Override
  public void close() {
    progressTask.cancel(false);
    streams.forEach(WatchStream::shutdown);
  }
}
