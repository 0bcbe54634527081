package io.sluice.cli.sp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** nanocat's output formats (tools/nanocat.c nn_print_message), byte for byte. */
class EchoFormatTest {
  private static final byte[] SAMPLE = {'a', '\n', '\r', '\\', '"', 0, (byte) 0xff, '~', ' ', 0x7f};

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void quotedEscapesLikeC() {
    assertThat(text(EchoFormat.QUOTED.render(SAMPLE)))
        .isEqualTo("\"a\\n\\r\\\\\\\"\\x00\\xff~ \\x7f\"\n");
  }

  @Test
  void asciiReplacesNonPrintablesWithDots() {
    assertThat(text(EchoFormat.ASCII.render(SAMPLE))).isEqualTo("a..\\\"..~ .\n");
  }

  @Test
  void hexPrintsEveryByte() {
    assertThat(text(EchoFormat.HEX.render(new byte[] {0, 'A', (byte) 0x80})))
        .isEqualTo("\"\\x00\\x41\\x80\"\n");
  }

  @Test
  void rawIsVerbatimAndNoPrintsNothing() {
    assertThat(EchoFormat.RAW.render(SAMPLE)).isEqualTo(SAMPLE);
    assertThat(EchoFormat.NO.render(SAMPLE)).isEmpty();
  }

  @Test
  void msgpackUsesBin8Bin16Bin32() {
    assertThat(EchoFormat.MSGPACK.render(new byte[] {7})).containsExactly(0xc4, 1, 7);
    byte[] b16 = EchoFormat.MSGPACK.render(new byte[300]);
    assertThat(b16).hasSize(303);
    assertThat(new byte[] {b16[0], b16[1], b16[2]}).containsExactly(0xc5, 1, 44);
    byte[] b32 = EchoFormat.MSGPACK.render(new byte[70000]);
    assertThat(b32).hasSize(70005);
    assertThat(new byte[] {b32[0], b32[1], b32[2], b32[3], b32[4]})
        .containsExactly(0xc6, 0, 1, 0x11, 0x70);
  }
}
