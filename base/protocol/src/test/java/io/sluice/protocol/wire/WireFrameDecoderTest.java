package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireFrameDecoderTest {
  private final List<Throwable> errors = new ArrayList<>();

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new WireFrameDecoder(), new WireErrorHandler((ctx, e) -> errors.add(e)));
  }

  @Test
  void decodesFramesSplitAtEveryByte() {
    List<WireCommand> samples = SampleCommands.all();
    ByteBuf all = Unpooled.buffer();
    samples.forEach(c -> WireCodec.encode(c, all));
    EmbeddedChannel ch = channel();
    while (all.isReadable()) {
      ch.writeInbound(all.readRetainedSlice(1));
    }
    all.release();
    for (WireCommand expected : samples) {
      WireCommand got = ch.readInbound();
      assertThat(got).isEqualTo(expected);
      ReferenceCountUtil.release(got);
      ReferenceCountUtil.release(expected);
    }
    assertThat(ch.inboundMessages()).isEmpty();
    assertThat(errors).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void largeFramesOverManyReadsWhileEarlierCommandsHoldSlices() {
    Random random = new Random(7);
    List<WireCommand> sent = new ArrayList<>();
    ByteBuf all = Unpooled.buffer();
    for (int i = 0; i < 6; i++) {
      byte[] block = new byte[50_000 + random.nextInt(400_000)];
      random.nextBytes(block);
      WireCommand c = new AppendBlock(new UUID(i, -i), Unpooled.wrappedBuffer(block));
      WireCodec.encode(c, all);
      sent.add(c);
      WireCommand k = new KeepAlive();
      WireCodec.encode(k, all);
      sent.add(k);
    }
    EmbeddedChannel ch = channel();
    ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
    List<WireCommand> got = new ArrayList<>();
    while (all.isReadable()) {
      // socket reads of 1 byte to 64 KiB, and the decoded commands are kept (still holding
      // slices of the buffers) until everything has arrived
      ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer();
      piece.writeBytes(all, Math.min(all.readableBytes(), 1 + random.nextInt(64 << 10)));
      ch.writeInbound(piece);
      for (Object o; (o = ch.readInbound()) != null; ) {
        got.add((WireCommand) o);
      }
    }
    all.release();
    assertThat(got).isEqualTo(sent);
    got.forEach(ReferenceCountUtil::release);
    sent.forEach(ReferenceCountUtil::release);
    assertThat(errors).isEmpty();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void aFrameIsGatheredInOneBufferOfItsSize() {
    ByteBuf head = Unpooled.buffer(16, 16);
    head.writeInt(WireCommandType.APPEND_BLOCK.code()).writeInt(300_000).writeLong(1);
    head.retain(); // a decoded command holds a slice: the bytes must move, not grow in place
    ByteBuf in = Unpooled.buffer(64 << 10).writeZero(64 << 10);
    ByteBuf c = WireFrameDecoder.cumulate(UnpooledByteBufAllocator.DEFAULT, head, in);
    assertThat(c).isNotSameAs(head);
    assertThat(c.readableBytes()).isEqualTo(16 + (64 << 10));
    assertThat(c.capacity()).isEqualTo(8 + 300_000);
    assertThat(head.refCnt()).isEqualTo(1);
    assertThat(in.refCnt()).isZero();
    head.release();
    c.release();
  }

  @Test
  void aForgedHeaderAloneDoesNotReserveTheWholeFrame() {
    ByteBuf head = Unpooled.buffer(8, 8);
    head.writeInt(WireCommandType.APPEND_BLOCK.code()).writeInt(WireCommand.MAX_PAYLOAD_SIZE);
    ByteBuf in = Unpooled.buffer(1).writeByte(0);
    ByteBuf c = WireFrameDecoder.cumulate(UnpooledByteBufAllocator.DEFAULT, head, in);
    assertThat(c.capacity()).isLessThanOrEqualTo(9 + (1 << 20));
    c.release();
  }

  @Test
  void httpRequestIsAnUnknownCommandAndClosesTheConnection() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(
        Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(errors).singleElement().isInstanceOf(WireProtocolException.class);
    WireProtocolException e = (WireProtocolException) errors.get(0);
    assertThat(e.error()).isEqualTo(WireError.UNKNOWN_COMMAND);
    assertThat(e).hasMessageContaining("type code 1195725856");
    assertThat(ch.isOpen()).isFalse();
    ch.checkException(); // nothing escaped the pipeline
  }

  @Test
  void theErrorCallbackMayStillReplyBeforeTheClose() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new WireCommandEncoder(),
            new WireFrameDecoder(),
            new WireErrorHandler(
                (ctx, e) ->
                    ctx.writeAndFlush(
                        new ErrorMessage(-1, "", e.getMessage(), ErrorMessage.ILLEGAL_ARGUMENT))));
    ch.writeInbound(Unpooled.buffer().writeInt(66).writeInt(0));
    assertThat(ch.isOpen()).isFalse();
    ByteBuf reply = ch.readOutbound();
    WireCommand decoded = WireCodec.decode(reply);
    assertThat(decoded).isInstanceOf(ErrorMessage.class);
    assertThat(((ErrorMessage) decoded).message()).contains("type code 66");
    reply.release();
  }

  @Test
  void oversizedLengthIsRefusedFromTheHeaderAlone() {
    EmbeddedChannel ch = channel();
    ByteBuf header = Unpooled.buffer().writeInt(3).writeInt(Integer.MAX_VALUE);
    ch.writeInbound(header);
    assertThat(errors).singleElement().isInstanceOf(WireProtocolException.class);
    assertThat(((WireProtocolException) errors.get(0)).error())
        .isEqualTo(WireError.FRAME_TOO_LARGE);
    assertThat(errors.get(0)).hasMessageContaining("2147483647").hasMessageContaining("limit");
    assertThat(header.refCnt()).isZero();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void theLimitIsTheProtocolsMaximumFrameSize() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.buffer().writeInt(3).writeInt(WireCommand.MAX_PAYLOAD_SIZE));
    assertThat(errors).isEmpty(); // allowed: waits for the payload
    ch.close();
    EmbeddedChannel ch2 = channel();
    ch2.writeInbound(Unpooled.buffer().writeInt(3).writeInt(WireCommand.MAX_PAYLOAD_SIZE + 1));
    assertThat(errors).hasSize(2); // the first: truncated on close; the second: too large
    assertThat(((WireProtocolException) errors.get(0)).error()).isEqualTo(WireError.TRUNCATED);
    assertThat(((WireProtocolException) errors.get(1)).error())
        .isEqualTo(WireError.FRAME_TOO_LARGE);
    assertThat(WireCommand.MAX_FRAME_SIZE).isEqualTo(16 * 1024 * 1024 - 1);
  }

  @Test
  void negativeLength() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.buffer().writeInt(1).writeInt(-5));
    assertThat(((WireProtocolException) errors.get(0)).error())
        .isEqualTo(WireError.NEGATIVE_LENGTH);
  }

  @Test
  void frameShorterThanItsFieldsIsTruncated() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer().writeInt(1).writeInt(10).writeLong(1).writeShort(0);
    ch.writeInbound(frame);
    WireProtocolException e = (WireProtocolException) errors.get(0);
    assertThat(e.error()).isEqualTo(WireError.TRUNCATED);
    assertThat(e)
        .hasMessageContaining("SETUP_APPEND")
        .hasMessageContaining("needs 16 more bytes at offset 8 of a 10-byte frame");
  }

  @Test
  void connectionClosedInsideAFrame() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer();
    WireCodec.encode(new SetupAppend(1, UUID.randomUUID(), "s", ""), frame);
    ch.writeInbound(frame.retainedSlice(0, 20));
    frame.release();
    assertThat(errors).isEmpty();
    ch.finish();
    assertThat(((WireProtocolException) errors.get(0)).error()).isEqualTo(WireError.TRUNCATED);
    assertThat(errors.get(0)).hasMessageContaining("closed inside a frame, after 20 bytes");
  }

  @Test
  void forgedElementCountDoesNotAllocate() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer().writeInt(74).writeInt(0);
    frame.writeLong(1).writeShort(1).writeByte('s').writeShort(0).writeInt(Integer.MAX_VALUE);
    frame.setInt(4, frame.readableBytes() - 8);
    ch.writeInbound(frame);
    WireProtocolException e = (WireProtocolException) errors.get(0);
    assertThat(e.error()).isEqualTo(WireError.MALFORMED);
    assertThat(e).hasMessageContaining("UPDATE_TABLE_ENTRIES: element count 2147483647");
  }

  @Test
  void stringLongerThanItsFrame() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer().writeInt(11).writeInt(12).writeLong(1).writeShort(0xffff);
    frame.writeShort(0);
    ch.writeInbound(frame);
    assertThat(((WireProtocolException) errors.get(0)).error()).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void invalidModifiedUtf8() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer().writeInt(11).writeInt(14).writeLong(1).writeShort(2);
    frame.writeByte(0xc3).writeByte(0x41).writeShort(0);
    ch.writeInbound(frame);
    WireProtocolException e = (WireProtocolException) errors.get(0);
    assertThat(e.error()).isEqualTo(WireError.MALFORMED);
    assertThat(e).hasMessageContaining("invalid modified UTF-8");
  }

  @Test
  void badEventHeaderInsideConditionalAppend() {
    EmbeddedChannel ch = channel();
    ByteBuf frame = Unpooled.buffer().writeInt(5).writeInt(0);
    frame.writeLong(1).writeLong(2).writeLong(3).writeLong(4).writeInt(7).writeInt(0).writeLong(5);
    frame.setInt(4, frame.readableBytes() - 8);
    ch.writeInbound(frame);
    assertThat(errors.get(0)).hasMessageContaining("expected an event header (type 0)");
  }

  @Test
  void inputAfterAnErrorIsDiscarded() {
    EmbeddedChannel ch = new EmbeddedChannel(new WireFrameDecoder());
    ByteBuf bytes = Unpooled.buffer().writeInt(42).writeInt(0);
    WireCodec.encode(new KeepAlive(), bytes);
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ch.writeInbound(bytes));
    // With no handler after it, EmbeddedChannel rethrows what reached the tail: the typed error.
    assertThat(thrown).isInstanceOf(WireProtocolException.class);
    assertThat(ch.inboundMessages()).isEmpty();
    ch.writeInbound(Unpooled.buffer().writeInt(100).writeInt(0));
    assertThat(ch.inboundMessages()).isEmpty();
    assertThat(((WireFrameDecoder) ch.pipeline().first()).failed()).isTrue();
  }

  /** Seeded random bytes and mutated valid frames: only protocol errors, nothing escapes. */
  @Test
  void fuzzedInputOnlyGivesProtocolErrors() {
    Random random = new Random(20261122L);
    ByteBuf valid = Unpooled.buffer();
    List<WireCommand> samples = SampleCommands.all();
    samples.forEach(c -> WireCodec.encode(c, valid));
    samples.forEach(ReferenceCountUtil::release);
    byte[] validBytes = new byte[valid.readableBytes()];
    valid.readBytes(validBytes);
    valid.release();
    int decoded = 0;
    for (int round = 0; round < 2000; round++) {
      byte[] input;
      if (round % 2 == 0) {
        input = new byte[random.nextInt(200)];
        random.nextBytes(input);
        if (input.length >= 8 && random.nextBoolean()) {
          // a plausible header so that decoding goes further
          WireCommandType t =
              WireCommandType.values()[random.nextInt(WireCommandType.values().length)];
          Unpooled.wrappedBuffer(input)
              .setInt(0, t.code())
              .setInt(4, random.nextInt(input.length - 7));
        }
      } else {
        input = validBytes.clone();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      errors.clear();
      EmbeddedChannel ch = channel();
      ch.writeInbound(Unpooled.wrappedBuffer(input));
      ch.checkException();
      Object msg;
      while ((msg = ch.readInbound()) != null) {
        decoded++;
        ReferenceCountUtil.release(msg);
      }
      ch.finishAndReleaseAll();
      assertThat(errors).allMatch(e -> e instanceof WireProtocolException);
    }
    assertThat(decoded).isPositive();
  }
}
