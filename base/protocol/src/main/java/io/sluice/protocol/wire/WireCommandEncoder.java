package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Netty outbound handler writing {@link WireCommand}s as frames, for servers and clients alike. It
 * releases each command after encoding it (which frees a {@link DataCommand}'s buffer). A command
 * that cannot be encoded fails its write promise with an {@link
 * io.netty.handler.codec.EncoderException} whose cause is a {@link WireProtocolException}; nothing
 * is written for it.
 *
 * <p>Stateless and sharable: one instance may serve many channels.
 */
@ChannelHandler.Sharable
public final class WireCommandEncoder extends MessageToByteEncoder<WireCommand> {
  /** Creates the encoder. */
  public WireCommandEncoder() {
    super(WireCommand.class);
  }

  /** Sizes the frame buffer for the data a command carries, so large frames are not regrown. */
  @Override
  protected ByteBuf allocateBuffer(
      ChannelHandlerContext ctx, WireCommand command, boolean preferDirect) {
    int size = 256 + (command instanceof DataCommand d ? d.data().readableBytes() : 0);
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, WireCommand command, ByteBuf out) {
    WireCodec.encode(command, out);
  }
}
