package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class WireCodecRoundTripTest {

  @Test
  void everyCommandTypeHasASample() {
    List<WireCommand> samples = SampleCommands.all();
    Set<WireCommandType> covered =
        samples.stream().map(WireCommand::type).collect(Collectors.toSet());
    samples.forEach(ReferenceCountUtil::release);
    assertThat(covered).isEqualTo(EnumSet.allOf(WireCommandType.class));
    assertThat(samples).hasSize(WireCommandType.values().length);
  }

  @Test
  void typeCodesAreUniqueAndFitInAByte() {
    for (WireCommandType t : WireCommandType.values()) {
      assertThat(t.code()).isBetween(-128, 127);
      assertThat(WireCommandType.forCode(t.code())).isSameAs(t);
    }
    assertThat(WireCommandType.forCode(6)).isNull();
    assertThat(WireCommandType.forCode(1000)).isNull();
  }

  @TestFactory
  Stream<DynamicTest> everyCommandRoundTrips() {
    return SampleCommands.all().stream()
        .map(
            sample ->
                DynamicTest.dynamicTest(
                    sample.type().name(),
                    () -> {
                      ByteBuf frame = Unpooled.buffer();
                      WireCodec.encode(sample, frame);
                      assertThat(frame.getInt(0)).isEqualTo(sample.type().code());
                      assertThat(frame.getInt(4)).isEqualTo(frame.readableBytes() - 8);
                      WireCommand decoded = WireCodec.decode(frame);
                      try {
                        assertThat(decoded).isEqualTo(sample);
                        assertThat(decoded.requestId()).isEqualTo(sample.requestId());
                        assertThat(frame.isReadable()).isFalse();
                      } finally {
                        ReferenceCountUtil.release(decoded);
                        ReferenceCountUtil.release(sample);
                      }
                      assertThat(frame.release()).as("nothing else holds the frame").isTrue();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> bytesAfterTheKnownFieldsAreIgnored() {
    return SampleCommands.all().stream()
        .filter(
            c -> {
              if (c instanceof Padding || hasRestField(c)) {
                ReferenceCountUtil.release(c); // their last field runs to the end of the frame
                return false;
              }
              return true;
            })
        .map(
            sample ->
                DynamicTest.dynamicTest(
                    sample.type().name(),
                    () -> {
                      ByteBuf frame = Unpooled.buffer();
                      WireCodec.encode(sample, frame);
                      frame.writeLong(0x1122334455667788L); // a field from a newer version
                      frame.setInt(4, frame.readableBytes() - 8);
                      WireCommand decoded = WireCodec.decode(frame);
                      try {
                        assertThat(decoded).isEqualTo(sample);
                        assertThat(frame.isReadable()).isFalse();
                      } finally {
                        ReferenceCountUtil.release(decoded);
                        ReferenceCountUtil.release(sample);
                        frame.release();
                      }
                    }));
  }

  /**
   * Cutting a payload anywhere either still decodes (only optional trailing fields were cut) or
   * gives a WireProtocolException; never another exception, never a leak.
   */
  @TestFactory
  Stream<DynamicTest> everyTruncationGivesADecodeErrorOrDefaults() {
    return SampleCommands.all().stream()
        .map(
            sample ->
                DynamicTest.dynamicTest(
                    sample.type().name(),
                    () -> {
                      ByteBuf frame = Unpooled.buffer();
                      WireCodec.encode(sample, frame);
                      int full = frame.readableBytes() - 8;
                      try {
                        for (int cut = 0; cut < full; cut++) {
                          ByteBuf payload = frame.retainedSlice(8, cut);
                          Throwable error =
                              catchThrowable(
                                  () -> ReferenceCountUtil.release(decodeQuietly(sample, payload)));
                          if (error != null) {
                            assertThat(error)
                                .as("cut at %d of %d", cut, full)
                                .isInstanceOf(WireProtocolException.class)
                                .hasMessageContaining(sample.type().name());
                          }
                          assertThat(payload.release()).isFalse();
                        }
                      } finally {
                        ReferenceCountUtil.release(sample);
                        frame.release();
                      }
                    }));
  }

  @Test
  void toStringNeverShowsADelegationToken() throws ReflectiveOperationException {
    int withToken = 0;
    for (WireCommand c : SampleCommands.all()) {
      for (java.lang.reflect.RecordComponent rc : c.getClass().getRecordComponents()) {
        if (rc.getName().equals("delegationToken")) {
          withToken++;
          String token = (String) rc.getAccessor().invoke(c);
          assertThat(token).isNotEmpty();
          assertThat(c.toString()).doesNotContain(token).contains("delegationToken=***");
        }
      }
      ReferenceCountUtil.release(c);
    }
    assertThat(withToken).isEqualTo(24);
  }

  private static WireCommand decodeQuietly(WireCommand sample, ByteBuf payload) {
    return WireCodec.decodePayload(sample.type(), payload);
  }

  private static boolean hasRestField(WireCommand c) {
    return c instanceof AppendBlock || c instanceof PartialEvent || c instanceof Event;
  }
}
