package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class EventFramesTest {
  @Test
  void writesTheHeaderThatEventFramesHave() {
    ByteBuf out = Unpooled.buffer();
    EventFrames.write(out, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo("00000000" + "00000003" + "010203");
    ByteBuf frame = Unpooled.buffer();
    WireCodec.encode(new Event(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})), frame);
    assertThat(frame).isEqualTo(out);
  }

  @Test
  void findsWholeEventsInSegmentData() {
    ByteBuf data = Unpooled.buffer();
    EventFrames.write(data, Unpooled.wrappedBuffer(new byte[5]));
    EventFrames.write(data, Unpooled.wrappedBuffer(new byte[0]));
    ByteBuf partial = data.slice(0, 12);
    assertThat(EventFrames.completeFrame(partial)).isEqualTo(EventFrames.INCOMPLETE);
    assertThat(EventFrames.completeFrame(data.slice(0, 4))).isEqualTo(EventFrames.INCOMPLETE);
    assertThat(EventFrames.completeFrame(data)).isEqualTo(13);
    data.skipBytes(13);
    assertThat(EventFrames.completeFrame(data)).isEqualTo(8);
    data.skipBytes(8);
    assertThat(EventFrames.completeFrame(data)).isEqualTo(EventFrames.INCOMPLETE);
  }

  @Test
  void rejectsWhatIsNotAnEventHeader() {
    assertThat(EventFrames.completeFrame(Unpooled.buffer().writeInt(1).writeInt(0)))
        .isEqualTo(EventFrames.CORRUPT);
    assertThat(EventFrames.completeFrame(Unpooled.buffer().writeInt(0).writeInt(-1)))
        .isEqualTo(EventFrames.CORRUPT);
    assertThat(
            EventFrames.completeFrame(
                Unpooled.buffer().writeInt(0).writeInt(EventFrames.MAX_EVENT_SIZE + 1)))
        .isEqualTo(EventFrames.CORRUPT);
    assertThat(
            EventFrames.completeFrame(
                Unpooled.buffer().writeInt(0).writeInt(EventFrames.MAX_EVENT_SIZE)))
        .isEqualTo(EventFrames.INCOMPLETE);
  }
}
