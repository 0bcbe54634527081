package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Frames written out by hand from the Pravega 0.13 layout (WireCommands.java): the codec must
 * produce exactly these bytes and decode them back.
 */
class GoldenBytesTest {
  private static final UUID WRITER = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
  private static final String WRITER_HEX = "0102030405060708" + "090a0b0c0d0e0f10";

  @Test
  void hello() {
    assertGolden(new Hello(16, 5), "ffffff81" + "00000008" + "00000010" + "00000005");
  }

  @Test
  void keepAlive() {
    assertGolden(new KeepAlive(), "00000064" + "00000000");
  }

  @Test
  void setupAppend() {
    assertGolden(
        new SetupAppend(0x0000000100000002L, WRITER, "a/b/0.#epoch.0", ""),
        "00000001"
            + "0000002a" // 8 + 16 + (2 + 14) + 2 = 42
            + "0000000100000002" // requestId: flow 1, sequence 2
            + WRITER_HEX
            + "000e"
            + hex("a/b/0.#epoch.0")
            + "0000"); // empty delegation token
  }

  @Test
  void inlineAppendBlockEnd() {
    ByteBuf data =
        Unpooled.wrappedBuffer(HexFormat.of().parseHex("00000000" + "00000002" + "6869"));
    assertGolden(
        new AppendBlockEnd(WRITER, 10, data, 1, 1L, 2L),
        "00000004"
            + "00000036" // 16 + 4 + (4 + 10) + 4 + 8 + 8 = 54
            + WRITER_HEX
            + "0000000a" // sizeOfWholeEvents
            + "0000000a" // data length
            + "00000000000000026869" // one event "hi", framed
            + "00000001" // numEvents
            + "0000000000000001" // lastEventNumber
            + "0000000000000002"); // requestId
  }

  @Test
  void dataAppended() {
    assertGolden(
        new DataAppended(WRITER, 1L, 0L, 2L, 10L),
        "00000007"
            + "00000030" // 16 + 4 x 8 = 48
            + WRITER_HEX
            + "0000000000000001"
            + "0000000000000000"
            + "0000000000000002"
            + "000000000000000a");
  }

  @Test
  void readTableWithAnUnconditionalKey() {
    assertGolden(
        new ReadTable(3L, "t", "", List.of(TableKey.of(new byte[] {(byte) 0xab}, -1L))),
        "0000004e" // 78
            + "00000022" // 8 + 3 + 2 + 4 + 17 = 34
            + "0000000000000003"
            + "0001"
            + "74"
            + "0000"
            + "00000001" // one key
            + "0000000d" // 4 + 1 + 8
            + "00000001"
            + "ab"
            + "ffffffffffffffff"); // version NOT_EXISTS
  }

  @Test
  void conditionalAppendFramesItsEvent() {
    assertGolden(
        new ConditionalAppend(WRITER, 7L, 100L, Unpooled.wrappedBuffer(new byte[] {0x42}), 9L),
        "00000005"
            + "00000031" // 16 + 8 + 8 + (8 + 1) + 8 = 49
            + WRITER_HEX
            + "0000000000000007"
            + "0000000000000064"
            + "00000000"
            + "00000001"
            + "42"
            + "0000000000000009");
  }

  @Test
  void modifiedUtf8MatchesDataOutputWriteUtf() throws IOException {
    String s = "\u00e9\u0000\ud83d\ude00"; // é, NUL, an emoji (surrogate pair)
    String expectedString = "000a" + "c3a9" + "c080" + "eda0bd" + "edb880";
    assertGolden(
        new GetStreamSegmentInfo(1L, s, ""),
        "0000000b" + "00000016" + "0000000000000001" + expectedString + "0000");
    ByteArrayOutputStream jdk = new ByteArrayOutputStream();
    new DataOutputStream(jdk).writeUTF(s);
    assertThat(HexFormat.of().formatHex(jdk.toByteArray())).isEqualTo(expectedString);
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  private static void assertGolden(WireCommand command, String expectedHex) {
    ByteBuf out = Unpooled.buffer();
    try {
      WireCodec.encode(command, out);
      assertThat(ByteBufUtil.hexDump(out)).isEqualTo(expectedHex);
      WireCommand decoded =
          WireCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex(expectedHex)));
      assertThat(decoded).isEqualTo(command);
      ReferenceCountUtil.release(decoded);
    } finally {
      out.release();
      ReferenceCountUtil.release(command);
    }
  }
}
