package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * <p>A frame spread over several socket reads (a Java client's {@code AppendBlock} is up to ~512
 * KiB) is copied once: as soon as its header has arrived, the bytes gathered so far move to a
 * buffer the size of the whole frame (at most 1 MiB, or as much again as has arrived, ahead of the
 * bytes received), and later reads are appended there. Netty's default cumulator grew the buffer
 * step by step (each step a copy of everything gathered), and copied the gathered bytes again
 * whenever a decoded command still held a slice of them.
 *
 * <p>Not sharable: one instance per channel, used on its event loop only.
 */
public final class WireFrameDecoder extends ByteToMessageDecoder {
  private static final int AHEAD = 1 << 20;
  private boolean failed;

  /** Creates the decoder. */
  public WireFrameDecoder() {
    setCumulator(WireFrameDecoder::cumulate);
  }

  /**
   * Adds {@code in} to {@code cumulation} (taking ownership of both) so that the frame starting at
   * the cumulation's reader index ends up in one buffer sized for it.
   */
  static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
    if (!cumulation.isReadable()) {
      cumulation.release();
      return in;
    }
    try {
      int readable = cumulation.readableBytes();
      int required = in.readableBytes();
      int have = readable + required;
      // room for the rest of the frame, but never more than 1 MiB or as much again as has arrived
      // ahead of the bytes: a forged header alone must not make a connection hold 16 MiB
      int ahead = Math.max(have, AHEAD);
      int target = Math.max(have, (int) Math.min(frameSize(cumulation), (long) have + ahead));
      if (cumulation.refCnt() == 1
          && !cumulation.isReadOnly()
          && cumulation.maxFastWritableBytes() >= target - readable) {
        cumulation.writeBytes(in, in.readerIndex(), required);
        return cumulation;
      }
      ByteBuf grown = alloc.buffer(target);
      try {
        grown.writeBytes(cumulation, cumulation.readerIndex(), readable);
        grown.writeBytes(in, in.readerIndex(), required);
      } catch (RuntimeException e) {
        grown.release();
        throw e;
      }
      cumulation.release();
      return grown;
    } finally {
      in.release();
    }
  }

  /**
   * The size (header included) of the frame whose header starts at the reader index, or -1 if the
   * header has not fully arrived or declares a length the decoder will refuse.
   */
  private static int frameSize(ByteBuf b) {
    if (b.readableBytes() < WireCommand.HEADER_SIZE) {
      return -1;
    }
    int length = b.getInt(b.readerIndex() + Integer.BYTES);
    if (length < 0 || length > WireCommand.MAX_PAYLOAD_SIZE) {
      return -1;
    }
    return WireCommand.HEADER_SIZE + length;
  }

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
