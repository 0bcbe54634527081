package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireCommandEncoderTest {

  @Test
  void writesTheSameFrameAsTheCodecAndReleasesDataCommands() {
    EmbeddedChannel ch = new EmbeddedChannel(new WireCommandEncoder());
    ByteBuf data = SampleCommands.bytes(3, 40);
    SegmentRead read = new SegmentRead("a/b/0.#epoch.0", 5L, true, false, data, 77L);
    ByteBuf expected = Unpooled.buffer();
    WireCodec.encode(read, expected);
    assertThat(ch.writeOutbound(read)).isTrue();
    ByteBuf written = ch.readOutbound();
    assertThat(ByteBufUtil.equals(written, expected)).isTrue();
    assertThat(data.refCnt()).isZero();
    written.release();
    expected.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void aStringOverTheLimitFailsTheWriteAndWritesNothing() {
    EmbeddedChannel ch = new EmbeddedChannel(new WireCommandEncoder());
    ChannelFuture f = ch.writeOneOutbound(new SegmentCreated(1, "x".repeat(70_000)));
    ch.flushOutbound();
    assertThat(f.isSuccess()).isFalse();
    assertThat(f.cause()).isInstanceOf(EncoderException.class);
    assertThat(f.cause().getCause())
        .isInstanceOf(WireProtocolException.class)
        .hasMessageContaining("70000 bytes exceeds the 65535-byte limit");
    assertThat(ch.outboundMessages()).isEmpty();
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void aFrameOverTheMaximumIsRefused() {
    ByteBuf big = Unpooled.buffer(WireCommand.MAX_PAYLOAD_SIZE);
    big.writerIndex(WireCommand.MAX_PAYLOAD_SIZE - 10); // + 16 bytes of writer id
    AppendBlock block = new AppendBlock(UUID.randomUUID(), big);
    ByteBuf out = Unpooled.buffer();
    Throwable e =
        org.assertj.core.api.Assertions.catchThrowable(() -> WireCodec.encode(block, out));
    assertThat(e).isInstanceOf(WireProtocolException.class);
    assertThat(((WireProtocolException) e).error()).isEqualTo(WireError.FRAME_TOO_LARGE);
    assertThat(out.readableBytes()).isZero();
    out.release();
    block.release();
  }
}
