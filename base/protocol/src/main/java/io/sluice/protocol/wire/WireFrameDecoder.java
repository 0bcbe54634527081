package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty inbound handler turning bytes into {@link WireCommand}s, one per frame, for servers and
 * clients alike (a server adds an {@link AppendAssemblyHandler} after it).
 *
 * <p>Frame headers are checked as soon as their 8 bytes arrive, so an oversized or negative length
 * or an unknown type is refused without buffering the payload. On any decoding error the handler
 * fires {@code exceptionCaught} once with a {@link WireProtocolException} and from then on discards
 * every inbound byte (frame boundaries can no longer be trusted); the pipeline's owner answers and
 * closes the connection (see {@link WireErrorHandler}). Nothing is thrown past this handler.
 *
 * <p>Not sharable: one instance per channel, used on its event loop only.
 */
public final class WireFrameDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    WireCommand command;
    try {
      command = WireCodec.decode(in);
    } catch (WireProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(e);
      return;
    }
    if (command != null) {
      out.add(command);
    }
  }

  /** A connection that closes inside a frame is a truncated frame: reported like other errors. */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    super.decodeLast(ctx, in, out);
    if (!failed && in.isReadable()) {
      failed = true;
      int received = in.readableBytes();
      in.skipBytes(received);
      ctx.fireExceptionCaught(
          new WireProtocolException(
              WireError.TRUNCATED,
              "the connection closed inside a frame, after " + received + " bytes of it"));
    }
  }

  /** Whether a decoding error has been seen (all input is discarded since). */
  public boolean failed() {
    return failed;
  }
}
