package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A pipe over a socket channel (tcp, ipc or ws): a {@link Handshake}, then messages framed by a
 * {@link Codec}. Reading stops while the socket's receive queue is full (the undelivered message is
 * held and re-offered by {@link #resume()}); writing batches queued messages through one direct
 * buffer. Any I/O error or protocol violation closes this pipe only.
 *
 * <p>I/O thread only.
 */
final class StreamPipe extends Pipe implements IoHandler, Reactor.Flushable {
  static final long HANDSHAKE_TIMEOUT_MS = 5000;

  private final Reactor reactor;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final ArrayDeque<Message> outQueue = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> rawQueue = new ArrayDeque<>();
  private final long highWater;
  private Handshake handshake;
  private Codec codec;
  private ByteBuffer in;
  private ByteBuffer out;
  private Timer handshakeTimer;
  private long queuedBytes;
  private Message current;
  private int currentPos;
  private int frameLeft;
  private boolean firstFrame;
  private byte[] held;
  private boolean stalled;
  private boolean dirty;
  private boolean closed;
  private boolean wantWrite;

  StreamPipe(
      SocketCore core,
      Endpoint endpoint,
      SocketChannel channel,
      SelectionKey existingKey,
      Handshake handshake,
      Codec codec) {
    super(core, endpoint);
    this.reactor = core.reactor;
    this.channel = channel;
    this.handshake = handshake;
    this.codec = codec;
    this.highWater = Math.max(1, core.options().sendBufferBytes());
    if (codec instanceof WsCodec ws) {
      ws.attach(this);
    }
    this.in = reactor.acquireBuffer();
    this.out = reactor.acquireBuffer();
    if (existingKey != null) {
      existingKey.attach(this);
      existingKey.interestOps(SelectionKey.OP_READ);
      this.key = existingKey;
    } else {
      this.key = reactor.register(channel, SelectionKey.OP_READ, this);
    }
  }

  /** Starts the handshake (after construction, so the pipe is fully built). */
  void start() {
    handshakeTimer =
        reactor.schedule(
            TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MS), () -> fail("handshake timeout"));
    handshake.start(this);
  }

  /** Replaces the framing after the handshake (ws decides it then). */
  void codec(Codec codec) {
    this.codec = codec;
  }

  /** Queues bytes outside message framing (handshakes, ws control frames). */
  void writeRaw(byte[] bytes) {
    if (closed) {
      return;
    }
    rawQueue.add(ByteBuffer.wrap(bytes));
    scheduleFlush();
  }

  @Override
  boolean writable() {
    return !closed && queuedBytes < highWater;
  }

  @Override
  void write(Message m) {
    if (closed) {
      return;
    }
    outQueue.add(m);
    queuedBytes += (long) m.size() + MessageQueue.OVERHEAD;
    scheduleFlush();
  }

  @Override
  boolean flushed() {
    return closed
        || (outQueue.isEmpty() && current == null && rawQueue.isEmpty() && out.position() == 0);
  }

  private void scheduleFlush() {
    if (!dirty) {
      dirty = true;
      reactor.markDirty(this);
    }
  }

  @Override
  public void onReady(SelectionKey k) {
    int ready = k.readyOps();
    if ((ready & SelectionKey.OP_READ) != 0) {
      read();
    }
    if (!closed && (ready & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
  }

  @Override
  public void onFailure(Throwable t) {
    fail(String.valueOf(t));
  }

  private void read() {
    try {
      for (int i = 0; i < 16 && !stalled && !closed; i++) {
        int n = channel.read(in);
        if (n < 0) {
          close();
          return;
        }
        if (n == 0) {
          return;
        }
        in.flip();
        process();
        if (closed) {
          return;
        }
        in.compact();
      }
    } catch (IOException e) {
      close();
    }
  }

  /** Handles buffered input (read mode) until it runs out or the receive queue is full. */
  private void process() {
    try {
      if (handshake != null) {
        if (!handshake.consume(in, this)) {
          return;
        }
        int peer = handshake.peerProtocol();
        handshake = null;
        handshakeTimer.cancel();
        if (peer != core.protocol.peerId()) {
          fail("peer protocol 0x" + Integer.toHexString(peer) + " is not a valid peer");
          return;
        }
        core.addPipe(this);
        if (closed) {
          return;
        }
      }
      while (!stalled && !closed) {
        byte[] payload = codec.decode(in);
        if (payload == null) {
          return;
        }
        if (!core.back.onMessage(this, payload)) {
          held = payload;
          stall();
        }
      }
    } catch (ProtocolException e) {
      fail(e.getMessage());
    }
  }

  private void stall() {
    stalled = true;
    if (key.isValid()) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }
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
    in.flip();
    process();
    if (closed) {
      return;
    }
    in.compact();
    if (!stalled) {
      if (key.isValid()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_READ);
      }
      read();
    }
  }

  @Override
  public void flush() {
    dirty = false;
    if (closed) {
      return;
    }
    boolean wasWritable = queuedBytes < highWater;
    try {
      while (true) {
        fill();
        out.flip();
        if (!out.hasRemaining()) {
          out.clear();
          setWantWrite(false);
          break;
        }
        channel.write(out);
        out.compact();
        if (out.position() > 0) {
          setWantWrite(true);
          break;
        }
      }
    } catch (IOException e) {
      close();
      return;
    }
    if (!wasWritable && queuedBytes < highWater && added) {
      core.back.pipeWritable(this);
    }
    if (core.closing && flushed()) {
      core.checkLinger();
    }
  }

  /** Moves queued output into the direct buffer (write mode) while it has room. */
  private void fill() {
    while (out.hasRemaining()) {
      ByteBuffer raw = rawQueue.peek();
      if (raw != null) {
        int n = Math.min(raw.remaining(), out.remaining());
        out.put(out.position(), raw, raw.position(), n);
        out.position(out.position() + n);
        raw.position(raw.position() + n);
        if (!raw.hasRemaining()) {
          rawQueue.poll();
        }
        continue;
      }
      if (handshake != null) {
        return;
      }
      if (current == null) {
        Message m = outQueue.peek();
        if (m == null || out.remaining() < Codec.MAX_HEADER) {
          return;
        }
        outQueue.poll();
        current = m;
        currentPos = 0;
        frameLeft = 0;
        firstFrame = true;
      }
      int total = current.size();
      if (frameLeft == 0 && (firstFrame || currentPos < total)) {
        if (out.remaining() < Codec.MAX_HEADER) {
          return;
        }
        int len = Math.min(total - currentPos, codec.maxFrame());
        codec.writeFrameHeader(out, len, firstFrame, currentPos + len == total);
        firstFrame = false;
        frameLeft = len;
      }
      byte[] h = current.header();
      while (frameLeft > 0 && out.hasRemaining()) {
        byte[] src = currentPos < h.length ? h : current.body();
        int off = currentPos < h.length ? currentPos : currentPos - h.length;
        int n = Math.min(Math.min(src.length - off, frameLeft), out.remaining());
        codec.copyPayload(out, src, off, n);
        currentPos += n;
        frameLeft -= n;
      }
      if (frameLeft == 0 && currentPos == total) {
        queuedBytes -= (long) total + MessageQueue.OVERHEAD;
        current = null;
      }
    }
  }

  private void setWantWrite(boolean want) {
    if (want != wantWrite && key.isValid()) {
      wantWrite = want;
      key.interestOps(
          want
              ? key.interestOps() | SelectionKey.OP_WRITE
              : key.interestOps() & ~SelectionKey.OP_WRITE);
    }
  }

  /** Drops the pipe because of {@code reason} (protocol error, timeout). */
  void fail(String reason) {
    close();
  }

  @Override
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
    }
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
    reactor.releaseBuffer(in);
    reactor.releaseBuffer(out);
    in = null;
    out = null;
    outQueue.clear();
    rawQueue.clear();
    if (added) {
      core.removePipe(this);
    }
    endpoint.pipeClosed(this);
  }
}
