package io.sluice.sp.internal;

import io.sluice.sp.SpClock;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one I/O thread of a context: a {@code java.nio} selector loop that owns every channel, runs
 * commands other threads post with {@link #execute(Runnable)} (waking the selector), runs timers,
 * and flushes pipes that have output once per loop turn (so writes batch).
 *
 * <p>{@link #execute} is thread-safe; everything else is I/O thread only.
 */
public final class Reactor {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Selector selector;
  private final Thread thread;
  private final SpClock clock;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Spin selectSpin = new Spin();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final ArrayList<Flushable> dirty = new ArrayList<>();
  private final ArrayList<Flushable> afterTurn = new ArrayList<>();
  private final SplittableRandom random;
  private final ArrayDeque<ByteBuffer> bufferPool = new ArrayDeque<>();
  private volatile boolean sleeping;
  private volatile boolean stopping;
  private long timerSeq;
  private int cancelledTimers;

  /** Something with buffered output to write at the end of the loop turn. */
  interface Flushable {
    void flush();
  }

  /** Starts the I/O thread. */
  public Reactor(SpClock clock, long seed) {
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new SpException(SpError.IO, "cannot open a selector: " + e.getMessage(), e);
    }
    this.thread = new Thread(this::loop, "sluice-sp-io-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  /** The context's clock. */
  public SpClock clock() {
    return clock;
  }

  /** Now, in the clock's nanoseconds. */
  public long now() {
    return clock.nanoTime();
  }

  /** Random numbers for ids and jitter. I/O thread only. */
  public SplittableRandom random() {
    return random;
  }

  /** Whether the caller is the I/O thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Posts a command to the I/O thread (any thread). Commands posted after stop are dropped. */
  public void execute(Runnable command) {
    commands.add(command);
    if (sleeping && wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  /** Schedules {@code task} after {@code delayNanos}. I/O thread only. */
  public Timer schedule(long delayNanos, Runnable task) {
    Timer t = new Timer(this, now() + delayNanos, timerSeq++, task);
    timers.add(t);
    return t;
  }

  /** Registers a channel. I/O thread only. */
  SelectionKey register(SelectableChannel ch, int ops, IoHandler handler) {
    try {
      return ch.register(selector, ops, handler);
    } catch (ClosedChannelException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asks for {@code f.flush()} at the end of this loop turn. I/O thread only. */
  void markDirty(Flushable f) {
    dirty.add(f);
  }

  /**
   * Asks for {@code f.flush()} at the end of this loop turn, before pipes write (wake-ups of user
   * threads, so they work while this thread writes). I/O thread only.
   */
  void afterTurn(Flushable f) {
    afterTurn.add(f);
  }

  /** Size of the pooled direct I/O buffers. */
  static final int BUFFER_SIZE = 64 * 1024;

  /** A cleared direct buffer of {@link #BUFFER_SIZE} from the pool. I/O thread only. */
  ByteBuffer acquireBuffer() {
    ByteBuffer b = bufferPool.poll();
    return b != null ? b.clear() : ByteBuffer.allocateDirect(BUFFER_SIZE);
  }

  /** Returns a buffer to the pool. I/O thread only. */
  void releaseBuffer(ByteBuffer b) {
    if (bufferPool.size() < 128) {
      bufferPool.add(b);
    }
  }

  /**
   * Polls the selector without blocking until a key is ready, a command is posted, or the spin
   * window (capped by the next timer) runs out; true if work turned up.
   */
  private boolean spinSelect(long timerNanos) throws IOException {
    long window = Math.min(selectSpin.windowNanos(), timerNanos);
    long start = System.nanoTime();
    while (System.nanoTime() - start < window) {
      if (selector.selectNow() > 0 || !commands.isEmpty()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  /** Stops the loop after pending commands ran, closes the selector, and waits for the thread. */
  public void stop() {
    execute(() -> stopping = true);
    if (!inLoop()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    try {
      while (!stopping) {
        runCommands();
        long wait = runTimers();
        flushDirty();
        if (stopping) {
          break;
        }
        if (wait != 0 && commands.isEmpty() && selectSpin.shouldSpin()) {
          boolean hit = spinSelect(wait < 0 ? Long.MAX_VALUE : wait);
          selectSpin.record(hit);
          if (hit) {
            wait = 0; // ready keys or commands: no blocking select this turn
          }
        }
        sleeping = true;
        if (!commands.isEmpty()) {
          sleeping = false;
          selector.selectNow();
        } else if (wait < 0) {
          selector.select();
        } else if (wait == 0) {
          selector.selectNow();
        } else {
          selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
        }
        sleeping = false;
        wakeupPending.set(false);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          IoHandler h = (IoHandler) key.attachment();
          if (!key.isValid()) {
            continue;
          }
          try {
            h.onReady(key);
          } catch (RuntimeException e) {
            h.onFailure(e);
          }
        }
        flushDirty();
      }
    } catch (IOException e) {
      // the selector itself failed: nothing more can run on this context
    } finally {
      for (SelectionKey key : selector.keys()) {
        try {
          key.channel().close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      try {
        selector.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void runCommands() {
    Runnable r;
    int budget = 4096;
    while (budget-- > 0 && (r = commands.poll()) != null) {
      try {
        r.run();
      } catch (RuntimeException e) {
        // a failing command must not stop the I/O thread; the command reports its own errors
      }
    }
  }

  /**
   * Counts a cancelled timer still in the queue; once they are most of it, removes them all (one
   * pass, so each cancel costs O(1) amortized). Without this, timers cancelled behind a long-lived
   * one (a request that is never answered, a reconnect back-off) would pile up until it fires.
   */
  void timerCancelled() {
    cancelledTimers++;
    if (cancelledTimers > PURGE_MIN && cancelledTimers > timers.size() / 2) {
      timers.removeIf(t -> t.cancelled);
      cancelledTimers = 0;
    }
  }

  /** Cancelled timers tolerated in the queue before a purge is considered. */
  static final int PURGE_MIN = 1024;

  /** Timers in the queue, cancelled ones included (tests). I/O thread only. */
  int timerCount() {
    return timers.size();
  }

  /** Runs due timers; returns nanos until the next one, or -1 if none. */
  private long runTimers() {
    while (!timers.isEmpty()) {
      Timer t = timers.peek();
      if (t.cancelled) {
        timers.poll();
        cancelledTimers--;
        continue;
      }
      long left = t.deadline - now();
      if (left > 0) {
        return left;
      }
      timers.poll();
      Runnable task = t.take();
      try {
        task.run();
      } catch (RuntimeException e) {
        // as for commands
      }
    }
    return -1;
  }

  private void flushDirty() {
    while (!afterTurn.isEmpty() || !dirty.isEmpty()) {
      for (int i = 0; i < afterTurn.size(); i++) {
        try {
          afterTurn.get(i).flush();
        } catch (RuntimeException e) {
          // as for commands
        }
      }
      afterTurn.clear();
      for (int i = 0; i < dirty.size(); i++) {
        try {
          dirty.get(i).flush();
        } catch (RuntimeException e) {
          // the pipe closes itself on write errors
        }
      }
      dirty.clear();
    }
  }
}
