package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of an in-process pipe. Writing puts the message in the peer end's inbox and asks the
 * peer's I/O thread to drain it; bytes in flight are bounded by the send buffer, and the writer is
 * told when the peer consumed enough. Either end closing closes the other.
 *
 * <p>Each end is used by its own socket's I/O thread, except the concurrent inbox and counters.
 */
final class InprocPipe extends Pipe {
  private final ConcurrentLinkedQueue<Message> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean writableScheduled = new AtomicBoolean();

  /** Bytes this end wrote that the peer has not consumed yet. */
  private final AtomicLong inFlight = new AtomicLong();

  private final long highWater;
  private InprocPipe peer;
  private volatile boolean closed;
  private byte[] held;
  private boolean stalled;

  InprocPipe(SocketCore core, Endpoint endpoint) {
    super(core, endpoint);
    this.highWater = Math.max(1, core.options().sendBufferBytes());
  }

  static void link(InprocPipe a, InprocPipe b) {
    a.peer = b;
    b.peer = a;
  }

  @Override
  boolean writable() {
    return !closed && inFlight.get() < highWater;
  }

  @Override
  void write(Message m) {
    if (closed) {
      return;
    }
    inFlight.addAndGet((long) m.size() + MessageQueue.OVERHEAD);
    peer.inbox.add(m);
    peer.scheduleDrain();
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      core.reactor.execute(this::drainInbox);
    }
  }

  private void drainInbox() {
    drainScheduled.set(false);
    if (closed || !added || stalled) {
      return;
    }
    Message m;
    while ((m = inbox.poll()) != null) {
      consumed(m);
      byte[] payload = payload(m);
      if (!core.back.onMessage(this, payload)) {
        held = payload;
        stalled = true;
        return;
      }
      if (closed) {
        return;
      }
    }
  }

  private void consumed(Message m) {
    InprocPipe writer = peer;
    long left = writer.inFlight.addAndGet(-((long) m.size() + MessageQueue.OVERHEAD));
    long before = left + m.size() + MessageQueue.OVERHEAD;
    if ((before >= writer.highWater && left < writer.highWater) || left == 0) {
      if (writer.writableScheduled.compareAndSet(false, true)) {
        writer.core.reactor.execute(writer::onWritable);
      }
    }
  }

  private void onWritable() {
    writableScheduled.set(false);
    if (!closed && added) {
      if (writable()) {
        core.back.pipeWritable(this);
      }
      if (core.closing) {
        core.checkLinger();
      }
    }
  }

  private static byte[] payload(Message m) {
    if (m.header().length == 0) {
      return m.body();
    }
    byte[] p = new byte[m.size()];
    System.arraycopy(m.header(), 0, p, 0, m.header().length);
    System.arraycopy(m.body(), 0, p, m.header().length, m.body().length);
    return p;
  }

  /** Called on this end's I/O thread once the socket accepted it: deliver what arrived early. */
  void started() {
    scheduleDrain();
  }

  @Override
  boolean flushed() {
    return closed || inFlight.get() == 0;
  }

  @Override
  void resume() {
    if (closed || !stalled) {
      return;
    }
    if (!core.back.onMessage(this, held)) {
      return;
    }
    held = null;
    stalled = false;
    drainInbox();
  }

  @Override
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    inbox.clear();
    if (added) {
      core.removePipe(this);
    }
    endpoint.pipeClosed(this);
    InprocPipe p = peer;
    p.core.reactor.execute(p::close);
  }
}
