package io.sluice.streams.internal.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sluice.protocol.wire.Append;
import io.sluice.protocol.wire.AuthTokenCheckFailed;
import io.sluice.protocol.wire.CreateSegment;
import io.sluice.protocol.wire.CreateTableSegment;
import io.sluice.protocol.wire.CreateTransientSegment;
import io.sluice.protocol.wire.DeleteSegment;
import io.sluice.protocol.wire.DeleteTableSegment;
import io.sluice.protocol.wire.GetSegmentAttribute;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.GetTableSegmentInfo;
import io.sluice.protocol.wire.Hello;
import io.sluice.protocol.wire.KeepAlive;
import io.sluice.protocol.wire.MergeSegments;
import io.sluice.protocol.wire.MergeSegmentsBatch;
import io.sluice.protocol.wire.OperationUnsupported;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.ReadTable;
import io.sluice.protocol.wire.ReadTableEntries;
import io.sluice.protocol.wire.ReadTableEntriesDelta;
import io.sluice.protocol.wire.ReadTableKeys;
import io.sluice.protocol.wire.RemoveTableKeys;
import io.sluice.protocol.wire.Request;
import io.sluice.protocol.wire.SealSegment;
import io.sluice.protocol.wire.SegmentPolicyUpdated;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.protocol.wire.TruncateSegment;
import io.sluice.protocol.wire.UpdateSegmentAttribute;
import io.sluice.protocol.wire.UpdateSegmentPolicy;
import io.sluice.protocol.wire.UpdateTableEntries;
import io.sluice.protocol.wire.WireCommand;
import io.sluice.streams.internal.wire.SegmentAuth.Access;
import io.sluice.streams.internal.wire.SegmentAuth.Verdict;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the segment store: answers the handshake and keep-alives, checks each
 * request's delegation token, hands appends to its {@link AppendProcessor} and every other request
 * to {@link SegmentRequests} or {@link TableRequests}, and writes their replies. Bad input never
 * escapes this connection: protocol errors close it (see {@link SegmentStoreServer}).
 *
 * <p>Not sharable: one instance per channel, on its event loop.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

  private final SegmentRequests segments;
  private final TableRequests tables;
  private final SegmentAuth auth;
  private final io.sluice.storage.SegmentStore store;
  private final long flowHigh;
  private final long flowLow;
  private final FlowBudget budget;
  private FlowControl flow;
  private AppendProcessor appends;

  ServerConnection(
      io.sluice.storage.SegmentStore store,
      SegmentRequests segments,
      TableRequests tables,
      SegmentAuth auth,
      long flowHigh,
      long flowLow,
      FlowBudget budget) {
    this.store = store;
    this.segments = segments;
    this.tables = tables;
    this.auth = auth;
    this.flowHigh = flowHigh;
    this.flowLow = flowLow;
    this.budget = budget;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    flow = new FlowControl(ctx.channel(), flowHigh, flowLow, budget);
    appends =
        new AppendProcessor(
            store,
            ctx,
            flow,
            reason -> {
              LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), reason);
              ctx.close();
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    appends.close();
    flow.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      dispatch(ctx, msg);
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(msg);
      throw e;
    }
  }

  private void dispatch(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case Hello h -> hello(ctx, h);
      case KeepAlive k -> ctx.writeAndFlush(new KeepAlive());
      case SetupAppend s -> {
        if (allowed(ctx, s.requestId(), s.delegationToken(), s.segment(), Access.WRITE)) {
          appends.setup(s);
        }
      }
      case Append a -> appends.append(a);
      case ReadSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> segments.read(r, ctx.alloc()));
      case GetStreamSegmentInfo r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> segments.info(r));
      case GetSegmentAttribute r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> segments.attribute(r));
      case UpdateSegmentAttribute r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> segments.updateAttribute(r));
      case CreateSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> segments.create(r));
      case CreateTransientSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.parentSegment(),
              Access.WRITE,
              () -> segments.createTransient(r));
      case SealSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> segments.seal(r));
      case TruncateSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> segments.truncate(r));
      case DeleteSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> segments.delete(r));
      case MergeSegments r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.target(),
              Access.WRITE,
              () -> segments.merge(r));
      case MergeSegmentsBatch r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.target(),
              Access.WRITE,
              () -> segments.mergeBatch(r));
      case UpdateSegmentPolicy r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () ->
                  CompletableFuture.completedFuture(
                      new SegmentPolicyUpdated(r.requestId(), r.segment())));
      case CreateTableSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> tables.create(r));
      case DeleteTableSegment r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> tables.delete(r));
      case GetTableSegmentInfo r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> tables.info(r));
      case UpdateTableEntries r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> tables.update(r));
      case RemoveTableKeys r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.WRITE,
              () -> tables.remove(r));
      case ReadTable r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> tables.read(r));
      case ReadTableKeys r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> tables.readKeys(r));
      case ReadTableEntries r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> tables.readEntries(r));
      case ReadTableEntriesDelta r ->
          guarded(
              ctx,
              r.requestId(),
              r.delegationToken(),
              r.segment(),
              Access.READ,
              () -> tables.readDelta(r));
      case Request r -> {
        ReferenceCountUtil.release(r);
        ctx.writeAndFlush(
            new OperationUnsupported(
                r.requestId(), r.type().name(), "not supported by this segment store"));
      }
      case WireCommand c -> {
        ReferenceCountUtil.release(c);
        LOG.debug("closing {}: a client sent {}", ctx.channel().remoteAddress(), c.type());
        ctx.close();
      }
      default -> {
        ReferenceCountUtil.release(msg);
        ctx.close();
      }
    }
  }

  private void hello(ChannelHandlerContext ctx, Hello h) {
    ctx.writeAndFlush(new Hello(WireCommand.WIRE_VERSION, WireCommand.OLDEST_COMPATIBLE_VERSION));
    if (h.lowVersion() > WireCommand.WIRE_VERSION
        || h.highVersion() < WireCommand.OLDEST_COMPATIBLE_VERSION) {
      LOG.debug(
          "closing {}: incompatible wire versions {}..{}",
          ctx.channel().remoteAddress(),
          h.lowVersion(),
          h.highVersion());
      ctx.close();
    }
  }

  private boolean allowed(
      ChannelHandlerContext ctx, long requestId, String token, String segment, Access access) {
    Verdict v = auth.check(token, segment, access);
    if (v == Verdict.ALLOWED) {
      return true;
    }
    ctx.writeAndFlush(
        new AuthTokenCheckFailed(
            requestId,
            "delegation token " + (v == Verdict.EXPIRED ? "expired" : "does not allow this"),
            v == Verdict.EXPIRED ? 1 : 0));
    return false;
  }

  private void guarded(
      ChannelHandlerContext ctx,
      long requestId,
      String token,
      String segment,
      Access access,
      java.util.function.Supplier<? extends CompletableFuture<?>> work) {
    if (!allowed(ctx, requestId, token, segment, access)) {
      return;
    }
    work.get()
        .whenComplete(
            (reply, err) -> {
              if (reply != null) {
                ctx.writeAndFlush(reply);
              } else {
                ctx.writeAndFlush(Replies.error(requestId, segment, err));
              }
            });
  }
}
