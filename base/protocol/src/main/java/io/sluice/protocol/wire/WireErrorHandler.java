package io.sluice.protocol.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.BiConsumer;

/**
 * The last inbound handler of a wire pipeline: whatever exception reaches it (a {@link
 * WireProtocolException} from the decoders, or an error of a handler before it) is reported to a
 * callback, which may still write a last reply (it is flushed before the close), and then the
 * connection is closed. So no exception reaches the end of the pipeline unhandled, and a bad peer
 * only ever loses its own connection.
 *
 * <p>Sharable when the callback is thread-safe; the callback runs on the channel's event loop.
 */
@ChannelHandler.Sharable
public final class WireErrorHandler extends ChannelInboundHandlerAdapter {
  private final BiConsumer<ChannelHandlerContext, Throwable> onError;

  /**
   * Creates the handler.
   *
   * @param onError called with the context and the exception before the channel is closed, e.g. to
   *     log it or to write an {@link ErrorMessage}
   */
  public WireErrorHandler(BiConsumer<ChannelHandlerContext, Throwable> onError) {
    this.onError = onError;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    try {
      onError.accept(ctx, cause);
    } finally {
      // close only once what the callback wrote has been flushed
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
