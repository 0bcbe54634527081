package io.sluice.bench.pravega.nullserver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.wire.Append;
import io.sluice.protocol.wire.AppendSetup;
import io.sluice.protocol.wire.ConditionalCheckFailed;
import io.sluice.protocol.wire.CreateSegment;
import io.sluice.protocol.wire.CreateTransientSegment;
import io.sluice.protocol.wire.DataAppended;
import io.sluice.protocol.wire.DeleteSegment;
import io.sluice.protocol.wire.GetSegmentAttribute;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.Hello;
import io.sluice.protocol.wire.KeepAlive;
import io.sluice.protocol.wire.OperationUnsupported;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.Request;
import io.sluice.protocol.wire.SealSegment;
import io.sluice.protocol.wire.SegmentAttribute;
import io.sluice.protocol.wire.SegmentAttributeUpdated;
import io.sluice.protocol.wire.SegmentCreated;
import io.sluice.protocol.wire.SegmentDeleted;
import io.sluice.protocol.wire.SegmentIsTruncated;
import io.sluice.protocol.wire.SegmentSealed;
import io.sluice.protocol.wire.SegmentTruncated;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.protocol.wire.StreamSegmentInfo;
import io.sluice.protocol.wire.TruncateSegment;
import io.sluice.protocol.wire.UpdateSegmentAttribute;
import io.sluice.protocol.wire.WireCommand;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One connection to the null segment store: each request is answered at once from memory (an append
 * is copied to its segment and acknowledged), replies are written as they come and flushed once per
 * batch of reads from the socket.
 *
 * <p>Not sharable: one per channel, on the store's one event loop.
 */
final class NullConnection extends ChannelInboundHandlerAdapter {
  private final NullSegmentStore store;
  private final Map<UUID, Long> lastAcked = new HashMap<>();

  NullConnection(NullSegmentStore store) {
    this.store = store;
  }

  /** Prints the store's totals each time a connection closes, for the benchmark's log. */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    System.out.println("null server: " + store.stats());
    System.out.flush();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      handle(ctx, msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case Hello h ->
          ctx.write(new Hello(WireCommand.WIRE_VERSION, WireCommand.OLDEST_COMPATIBLE_VERSION));
      case KeepAlive k -> ctx.write(new KeepAlive());
      case SetupAppend s -> {
        long last = store.segment(s.segment()).attribute(s.writerId());
        lastAcked.put(s.writerId(), last);
        ctx.write(new AppendSetup(s.requestId(), s.segment(), s.writerId(), last));
      }
      case Append a -> append(ctx, a);
      case ReadSegment r -> {
        MemorySegment s = store.segment(r.segment());
        if (r.offset() < s.startOffset()) {
          ctx.write(
              new SegmentIsTruncated(r.requestId(), r.segment(), s.startOffset(), "", r.offset()));
        } else {
          store.read(ctx, r);
        }
      }
      case GetStreamSegmentInfo r -> {
        MemorySegment s = store.segment(r.segment());
        ctx.write(
            new StreamSegmentInfo(
                r.requestId(),
                r.segment(),
                true,
                s.sealed(),
                false,
                0,
                s.length(),
                s.startOffset()));
      }
      case GetSegmentAttribute r ->
          ctx.write(
              new SegmentAttribute(
                  r.requestId(), store.segment(r.segment()).attribute(r.attributeId())));
      case UpdateSegmentAttribute r -> {
        MemorySegment s = store.segment(r.segment());
        boolean ok = s.attribute(r.attributeId()) == r.expectedValue();
        if (ok) {
          s.setAttribute(r.attributeId(), r.newValue());
        }
        ctx.write(new SegmentAttributeUpdated(r.requestId(), ok));
      }
      case CreateSegment r -> {
        store.segment(r.segment());
        ctx.write(new SegmentCreated(r.requestId(), r.segment()));
      }
      case CreateTransientSegment r -> {
        String name = r.parentSegment() + "#transient." + UUID.randomUUID();
        store.segment(name);
        ctx.write(new SegmentCreated(r.requestId(), name));
      }
      case SealSegment r -> {
        store.segment(r.segment()).seal();
        store.grew(r.segment());
        ctx.write(new SegmentSealed(r.requestId(), r.segment()));
      }
      case TruncateSegment r -> {
        store.segment(r.segment()).truncate(r.truncationOffset());
        ctx.write(new SegmentTruncated(r.requestId(), r.segment()));
      }
      case DeleteSegment r -> {
        store.delete(r.segment());
        ctx.write(new SegmentDeleted(r.requestId(), r.segment()));
      }
      case Request r ->
          ctx.write(new OperationUnsupported(r.requestId(), r.type().name(), "null server"));
      default -> ctx.close();
    }
  }

  private void append(ChannelHandlerContext ctx, Append a) {
    MemorySegment s = store.segment(a.segment());
    if (a.isConditional() && a.expectedOffset() != s.length()) {
      ctx.write(new ConditionalCheckFailed(a.writerId(), a.eventNumber(), a.requestId()));
      return;
    }
    store.appended(a.data().readableBytes());
    long length = s.append(a.data());
    s.setAttribute(a.writerId(), a.eventNumber());
    long previous = lastAcked.getOrDefault(a.writerId(), MemorySegment.NULL_VALUE);
    lastAcked.put(a.writerId(), a.eventNumber());
    ctx.write(new DataAppended(a.writerId(), a.eventNumber(), previous, a.requestId(), length));
    store.grew(a.segment());
  }
}
