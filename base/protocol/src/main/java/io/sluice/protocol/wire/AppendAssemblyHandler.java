package io.sluice.protocol.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Server-side Netty inbound handler after {@link WireFrameDecoder}: runs the append commands
 * through an {@link AppendAssembler} and passes on {@link SetupAppend}s and reassembled {@link
 * Append}s; every other message passes through untouched. On a broken append sequence it fires
 * {@code exceptionCaught} once with the {@link WireProtocolException} and then drops (and releases)
 * every later inbound message until the owner closes the connection.
 *
 * <p>Not sharable: one instance per channel, on its event loop.
 */
public final class AppendAssemblyHandler extends ChannelInboundHandlerAdapter {
  private final AppendAssembler assembler = new AppendAssembler();
  private boolean failed;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!AppendAssembler.handles(msg)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Object result;
    try {
      result = assembler.accept((WireCommand) msg);
    } catch (WireProtocolException e) {
      failed = true;
      ctx.fireExceptionCaught(e);
      return;
    }
    if (result != null) {
      ctx.fireChannelRead(result);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    assembler.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    assembler.close();
    ctx.fireChannelInactive();
  }
}
