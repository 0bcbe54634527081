package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server pipeline (frame decoder + append assembly) fed with byte streams laid out exactly as
 * the Pravega 0.13 Java client's CommandEncoder writes them, and as inline writers do.
 */
class AppendAssemblyHandlerTest {
  private static final UUID W1 = new UUID(1, 1);
  private static final UUID W2 = new UUID(2, 2);
  private static final String SEG1 = "sc/st/0.#epoch.0";
  private static final String SEG2 = "sc/st/1.#epoch.0";

  private final List<Throwable> errors = new ArrayList<>();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(
          new WireFrameDecoder(),
          new AppendAssemblyHandler(),
          new WireErrorHandler((ctx, e) -> errors.add(e)));
  private final ByteBuf wire = Unpooled.buffer();

  @AfterEach
  void noLeaks() {
    channel.finishAndReleaseAll();
    assertThat(wire.refCnt()).as("every slice of the received bytes was released").isZero();
  }

  /** Event i framed: [0][30][30 bytes]: 38 bytes. */
  private static byte[] event(int i) {
    ByteBuf b = Unpooled.buffer();
    EventFrames.write(b, Unpooled.wrappedBuffer(payload(i)));
    return ByteBufUtil.getBytes(b);
  }

  private static byte[] payload(int i) {
    byte[] p = new byte[30];
    for (int j = 0; j < p.length; j++) {
      p[j] = (byte) (i * 7 + j);
    }
    return p;
  }

  private void frame(WireCommand c) {
    WireCodec.encode(c, wire);
    ReferenceCountUtil.release(c);
  }

  /** The AppendBlock header as the Java client writes it: the length covers the block to come. */
  private void blockHeader(UUID writer, int declaredBlockBytes) {
    wire.writeInt(WireCommandType.APPEND_BLOCK.code()).writeInt(16 + declaredBlockBytes);
    wire.writeLong(writer.getMostSignificantBits()).writeLong(writer.getLeastSignificantBits());
  }

  private void blockEnd(UUID w, int whole, byte[] tail, int n, long last, long rid) {
    frame(new AppendBlockEnd(w, whole, Unpooled.wrappedBuffer(tail), n, last, rid));
  }

  private List<Object> receive() {
    channel.writeInbound(wire);
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = channel.readInbound()) != null) {
      out.add(m);
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuf b = Unpooled.buffer();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return ByteBufUtil.getBytes(b);
  }

  private static void assertAppend(
      Object msg, String segment, UUID writer, long last, int count, byte[] data, long rid) {
    assertThat(msg).isInstanceOf(Append.class);
    Append a = (Append) msg;
    assertThat(a.segment()).isEqualTo(segment);
    assertThat(a.writerId()).isEqualTo(writer);
    assertThat(a.eventNumber()).isEqualTo(last);
    assertThat(a.eventCount()).isEqualTo(count);
    assertThat(ByteBufUtil.getBytes(a.data())).isEqualTo(data);
    assertThat(a.requestId()).isEqualTo(rid);
    assertThat(a.isConditional()).isFalse();
    a.release();
  }

  @Test
  void javaClientBlockWithAPartialEvent() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    // block of 100 bytes (+8 reserved for the trailing frame header): two events fit, the third
    // is split: 24 bytes in a PartialEvent, 14 in the AppendBlockEnd.
    blockHeader(W1, 100 + 8);
    wire.writeBytes(event(1)).writeBytes(event(2));
    byte[] e3 = event(3);
    wire.writeInt(WireCommandType.PARTIAL_EVENT.code()).writeInt(24).writeBytes(e3, 0, 24);
    blockEnd(W1, 76, java.util.Arrays.copyOfRange(e3, 24, 38), 3, 3, 11);
    List<Object> got = receive();
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isEqualTo(new SetupAppend(11, W1, SEG1, ""));
    assertAppend(got.get(1), SEG1, W1, 3, 3, concat(event(1), event(2), e3), 11);
    assertThat(errors).isEmpty();
  }

  @Test
  void javaClientBlockClosedByPaddingAfterItsTimeout() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 100 + 8);
    wire.writeBytes(event(1));
    wire.writeInt(WireCommandType.PADDING.code()).writeInt(62).writeZero(62);
    blockEnd(W1, 38, new byte[0], 1, 1, 11);
    List<Object> got = receive();
    assertAppend(got.get(1), SEG1, W1, 1, 1, event(1), 11);
    assertThat(errors).isEmpty();
  }

  @Test
  void javaClientExactBlocksAndQueuedSessionFlushOfTwoWriters() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    frame(new SetupAppend(12, W2, SEG2, ""));
    blockHeader(W1, 38); // block size = message size
    wire.writeBytes(event(1));
    blockEnd(W1, 38, new byte[0], 1, 1, 11);
    blockHeader(W2, 76); // a queued session flushed: AppendBlock(pending) + data + end
    wire.writeBytes(event(5)).writeBytes(event(6));
    blockEnd(W2, 76, new byte[0], 2, 2, 12);
    frame(new KeepAlive());
    List<Object> got = receive();
    assertThat(got).hasSize(5);
    assertAppend(got.get(2), SEG1, W1, 1, 1, event(1), 11);
    assertAppend(got.get(3), SEG2, W2, 2, 2, concat(event(5), event(6)), 12);
    assertThat(got.get(4)).isEqualTo(new KeepAlive());
  }

  @Test
  void inlineBlockEndWithoutABlock() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    byte[] data = concat(event(1), event(2));
    blockEnd(W1, data.length, data, 2, 2, 11);
    List<Object> got = receive();
    assertAppend(got.get(1), SEG1, W1, 2, 2, data, 11);
  }

  @Test
  void conditionalAppendIsFramedAsOneEvent() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    frame(new ConditionalAppend(W1, 4, 380, Unpooled.wrappedBuffer(payload(1)), 13));
    frame(new ConditionalBlockEnd(W1, 5, 418, Unpooled.wrappedBuffer(event(2)), 14));
    List<Object> got = receive();
    Append a = (Append) got.get(1);
    assertThat(a.isConditional()).isTrue();
    assertThat(a.expectedOffset()).isEqualTo(380);
    assertThat(ByteBufUtil.getBytes(a.data())).isEqualTo(event(1));
    assertThat(a.eventCount()).isEqualTo(1);
    assertThat(a.requestId()).isEqualTo(13);
    a.release();
    Append b = (Append) got.get(2);
    assertThat(b.expectedOffset()).isEqualTo(418);
    assertThat(ByteBufUtil.getBytes(b.data())).isEqualTo(event(2));
    b.release();
  }

  @Test
  void appendBeforeSetupIsRefused() {
    blockEnd(W1, 38, event(1), 1, 1, 11);
    assertThat(receive()).isEmpty();
    assertInvalid("writer " + W1 + " appended before SETUP_APPEND");
  }

  @Test
  void eventNumbersMayNotGoBackwards() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockEnd(W1, 38, event(1), 1, 5, 11);
    blockEnd(W1, 38, event(2), 1, 4, 11);
    frame(new KeepAlive()); // dropped after the error
    List<Object> got = receive();
    assertThat(got).hasSize(2);
    ((Append) got.get(1)).release();
    assertInvalid("went backwards from 5 to 4");
  }

  @Test
  void aBlockWhoseEventNumberGoesBackwardsLeaksNothing() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockEnd(W1, 38, event(1), 1, 5, 11);
    blockHeader(W1, 38 + 8 + 10);
    wire.writeBytes(event(2));
    wire.writeInt(WireCommandType.PARTIAL_EVENT.code()).writeInt(10).writeZero(10);
    blockEnd(W1, 38, new byte[] {1, 2}, 2, 4, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("went backwards from 5 to 4");
  }

  @Test
  void anAppendHasAtLeastOneEvent() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockEnd(W1, 0, new byte[0], 0, 1, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("has 0 events");
  }

  @Test
  void nothingButTheEndMayFollowABlock() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 38);
    wire.writeBytes(event(1));
    frame(new SetupAppend(12, W2, SEG2, ""));
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("SETUP_APPEND arrived while an APPEND_BLOCK of writer " + W1 + " was open");
  }

  @Test
  void blockAndEndOfDifferentWriters() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    frame(new SetupAppend(12, W2, SEG2, ""));
    blockHeader(W1, 38);
    wire.writeBytes(event(1));
    blockEnd(W2, 38, new byte[0], 1, 1, 12);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("closed by APPEND_BLOCK_END of writer " + W2);
  }

  @Test
  void sizeOfWholeEventsBeyondTheBlock() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 38);
    wire.writeBytes(event(1));
    blockEnd(W1, 39, new byte[0], 1, 1, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("sizeOfWholeEvents 39 outside a block of 38 bytes");
  }

  @Test
  void blockTailThatIsNotPartialEventOrPadding() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 38 + 12);
    wire.writeBytes(event(1));
    wire.writeInt(100).writeInt(4).writeInt(0);
    blockEnd(W1, 38, new byte[0], 1, 1, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("a block ends with type 100");
  }

  @Test
  void blockTailWhoseLengthDoesNotFillTheBlock() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 38 + 12);
    wire.writeBytes(event(1));
    wire.writeInt(-2).writeInt(3).writeInt(0);
    blockEnd(W1, 38, new byte[0], 1, 1, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("declares 3 bytes but 4 remain");
  }

  @Test
  void paddedBlockWithDataInItsEnd() {
    frame(new SetupAppend(11, W1, SEG1, ""));
    blockHeader(W1, 38 + 10);
    wire.writeBytes(event(1));
    wire.writeInt(-1).writeInt(2).writeShort(0);
    blockEnd(W1, 38, new byte[] {1}, 1, 1, 11);
    receive().forEach(ReferenceCountUtil::release);
    assertInvalid("carries data after a padded block");
  }

  private void assertInvalid(String message) {
    assertThat(errors).singleElement().isInstanceOf(WireProtocolException.class);
    WireProtocolException e = (WireProtocolException) errors.get(0);
    assertThat(e.error()).isEqualTo(WireError.INVALID_APPEND);
    assertThat(e).hasMessageContaining(message);
    assertThat(channel.isOpen()).isFalse();
  }
}
