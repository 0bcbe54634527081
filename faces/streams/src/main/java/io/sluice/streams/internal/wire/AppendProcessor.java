package io.sluice.streams.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.sluice.protocol.wire.Append;
import io.sluice.protocol.wire.AppendSetup;
import io.sluice.protocol.wire.ConditionalCheckFailed;
import io.sluice.protocol.wire.DataAppended;
import io.sluice.protocol.wire.InvalidEventNumber;
import io.sluice.protocol.wire.NoSuchSegment;
import io.sluice.protocol.wire.Reply;
import io.sluice.protocol.wire.SegmentIsSealed;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The appends of one connection. A writer's last event number lives in the segment attribute keyed
 * by the writer id; every append sets it with replace-if-greater in the same atomic step as the
 * data, so a retransmitted (or zombie) append can never be stored twice. {@code SetupAppend}
 * answers with the stored number, which is how a reconnecting client learns what not to resend.
 * Acknowledgements go out in order per writer however the storage futures complete.
 *
 * <p>Not thread-safe: used on the connection's event loop only; storage completions hop back.
 */
final class AppendProcessor {
  /** Why a connection must be closed after an append failure. */
  interface Closer {
    void close(String reason);
  }

  private static final class Pending {
    final Append append;
    final int bytes;
    boolean done;
    Reply reply;
    boolean fatal;

    Pending(Append append, int bytes) {
      this.append = append;
      this.bytes = bytes;
    }
  }

  private static final class Writer {
    final String segment;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    final ArrayDeque<Append> waiting = new ArrayDeque<>();
    long lastAcked = AttributeUpdate.NULL_VALUE;
    boolean ready;
    boolean failed;

    Writer(String segment) {
      this.segment = segment;
    }
  }

  private final SegmentStore store;
  private final ChannelHandlerContext ctx;
  private final FlowControl flow;
  private final Closer closer;
  private final Map<UUID, Writer> writers = new HashMap<>();

  AppendProcessor(SegmentStore store, ChannelHandlerContext ctx, FlowControl flow, Closer closer) {
    this.store = store;
    this.ctx = ctx;
    this.flow = flow;
    this.closer = closer;
  }

  void setup(SetupAppend s) {
    Writer w = new Writer(s.segment());
    Writer old = writers.put(s.writerId(), w);
    if (old != null) {
      old.waiting.forEach(Append::release);
      old.waiting.clear();
    }
    store
        .attributes(s.segment(), List.of(s.writerId()))
        .whenComplete(
            (attrs, err) ->
                ctx.executor()
                    .execute(
                        () -> {
                          if (err != null) {
                            writers.remove(s.writerId(), w);
                            w.waiting.forEach(Append::release);
                            ctx.writeAndFlush(
                                StorageException.is(err, StorageError.SEGMENT_NOT_FOUND)
                                    ? new NoSuchSegment(s.requestId(), s.segment(), "", -1)
                                    : Replies.error(s.requestId(), s.segment(), err));
                            return;
                          }
                          long last = attrs.getOrDefault(s.writerId(), AttributeUpdate.NULL_VALUE);
                          w.lastAcked = last;
                          w.ready = true;
                          ctx.writeAndFlush(
                              new AppendSetup(s.requestId(), s.segment(), s.writerId(), last));
                          while (!w.waiting.isEmpty()) {
                            dispatch(w, w.waiting.poll());
                          }
                        }));
  }

  /** Stores one append; takes ownership of it. */
  void append(Append a) {
    Writer w = writers.get(a.writerId());
    if (w == null || !w.segment.equals(a.segment())) {
      // the setup failed (its error was sent): nothing can be appended for this writer
      a.release();
      closer.close("append of writer " + a.writerId() + " without a successful setup");
      return;
    }
    if (!w.ready) {
      w.waiting.add(a);
      return;
    }
    dispatch(w, a);
  }

  private void dispatch(Writer w, Append a) {
    // The engine reads the received bytes in place (it copies them into its log buffer and cache)
    // and never keeps the buffer, so it is released once the append completes. A block that ends
    // in a split event arrives in three pieces (block, partial event, block end); those are
    // joined once into a pooled buffer, since nioBuffer() of a composite would allocate a fresh
    // heap copy of the whole block on every append (half the node's garbage with one writer).
    ByteBuf owned = a.data();
    ByteBuffer data;
    try {
      if (owned.nioBufferCount() != 1) {
        ByteBuf flat = ctx.alloc().buffer(owned.readableBytes());
        flat.writeBytes(owned, owned.readerIndex(), owned.readableBytes());
        a.release();
        owned = flat;
      }
      data = owned.nioBuffer();
    } catch (RuntimeException e) {
      owned.release();
      throw e;
    }
    ByteBuf toRelease = owned;
    Pending p = new Pending(a, data.remaining());
    w.pending.add(p);
    flow.add(p.bytes);
    List<AttributeUpdate> updates =
        List.of(AttributeUpdate.replaceIfGreater(a.writerId(), a.eventNumber()));
    long expected = a.isConditional() ? a.expectedOffset() : SegmentStore.ANY_LENGTH;
    store
        .append(a.segment(), data, expected, updates)
        .whenComplete(
            (len, err) -> {
              toRelease.release();
              ctx.executor().execute(() -> complete(w, p, len == null ? -1 : len, err));
            });
  }

  private void complete(Writer w, Pending p, long length, Throwable err) {
    flow.remove(p.bytes);
    Append a = p.append;
    p.done = true;
    if (err == null) {
      p.reply = new DataAppended(a.writerId(), a.eventNumber(), -1, a.requestId(), length);
    } else {
      StorageException e = StorageException.unwrap(err);
      StorageError code = e == null ? StorageError.STORAGE_UNAVAILABLE : e.error();
      switch (code) {
        case BAD_OFFSET ->
            p.reply =
                a.isConditional()
                    ? new ConditionalCheckFailed(a.writerId(), a.eventNumber(), a.requestId())
                    : Replies.error(a.requestId(), a.segment(), err);
        case SEGMENT_SEALED -> p.reply = new SegmentIsSealed(a.requestId(), a.segment(), "", -1);
        case SEGMENT_NOT_FOUND -> p.reply = new NoSuchSegment(a.requestId(), a.segment(), "", -1);
        case BAD_ATTRIBUTE_UPDATE -> {
          p.reply =
              new InvalidEventNumber(
                  a.writerId(),
                  a.requestId(),
                  "event number not above the stored one",
                  a.eventNumber());
          p.fatal = true;
        }
        default -> {
          // back-pressure or a stopped write path: the client reconnects and resends what was
          // not acknowledged, so closing loses nothing and keeps per-writer order intact
          p.fatal = true;
        }
      }
    }
    drain(w);
  }

  private void drain(Writer w) {
    while (!w.pending.isEmpty() && w.pending.peek().done) {
      Pending p = w.pending.poll();
      if (p.fatal) {
        if (p.reply != null) {
          ctx.writeAndFlush(p.reply);
        }
        closer.close("append of writer " + p.append.writerId() + " failed: " + p.reply);
        return;
      }
      if (p.reply instanceof DataAppended d) {
        if (!w.failed) {
          ctx.write(
              new DataAppended(
                  d.writerId(),
                  d.eventNumber(),
                  w.lastAcked,
                  d.requestId(),
                  d.currentSegmentWriteOffset()));
        }
        w.lastAcked = d.eventNumber();
      } else if (p.reply instanceof ConditionalCheckFailed) {
        ctx.write(p.reply);
      } else if (!w.failed) {
        w.failed = true; // one error per writer: the client re-routes on the first
        ctx.write(p.reply);
      }
    }
    ctx.flush();
  }

  /** Forgets every writer (the connection closed). */
  void close() {
    writers.values().forEach(w -> w.waiting.forEach(Append::release));
    writers.clear();
  }
}
