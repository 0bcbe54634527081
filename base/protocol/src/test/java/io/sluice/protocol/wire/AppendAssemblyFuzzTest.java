package io.sluice.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seeded random append sequences, valid and broken (shuffled, mutated, truncated), through the
 * server pipeline: only protocol errors, nothing escapes, and every byte received is released.
 */
class AppendAssemblyFuzzTest {
  @Test
  void randomAppendSequencesNeverLeakOrThrow() {
    Random random = new Random(42);
    int appends = 0;
    int failures = 0;
    for (int round = 0; round < 1000; round++) {
      List<byte[]> frames = frames(random);
      if (round % 3 == 1) {
        java.util.Collections.shuffle(frames, random);
      }
      ByteBuf wire = Unpooled.buffer();
      frames.forEach(wire::writeBytes);
      if (round % 3 == 2 && wire.readableBytes() > 0) {
        for (int i = 0; i < 3; i++) {
          wire.setByte(random.nextInt(wire.readableBytes()), random.nextInt(256));
        }
        wire.writerIndex(wire.writerIndex() - random.nextInt(Math.min(4, wire.readableBytes())));
      }
      List<Throwable> errors = new ArrayList<>();
      EmbeddedChannel ch =
          new EmbeddedChannel(
              new WireFrameDecoder(),
              new AppendAssemblyHandler(),
              new WireErrorHandler((ctx, e) -> errors.add(e)));
      ch.writeInbound(wire);
      ch.checkException();
      Object m;
      while ((m = ch.readInbound()) != null) {
        if (m instanceof Append) {
          appends++;
        }
        ReferenceCountUtil.release(m);
      }
      ch.finishAndReleaseAll();
      assertThat(errors).allMatch(e -> e instanceof WireProtocolException);
      failures += errors.isEmpty() ? 0 : 1;
      assertThat(wire.refCnt()).as("round %d", round).isZero();
    }
    assertThat(appends).isPositive();
    assertThat(failures).isPositive();
  }

  private static List<byte[]> frames(Random random) {
    List<byte[]> frames = new ArrayList<>();
    UUID[] writers = {new UUID(1, 1), new UUID(2, 2)};
    long[] next = {0, 0};
    frames.add(frame(new SetupAppend(1, writers[0], "s/t/0", "")));
    frames.add(frame(new SetupAppend(2, writers[1], "s/t/1", "")));
    for (int i = 0; i < 6; i++) {
      int w = random.nextInt(2);
      byte[] event = new byte[8 + random.nextInt(40)];
      Unpooled.wrappedBuffer(event).setInt(4, event.length - 8);
      switch (random.nextInt(4)) {
        case 0 -> {
          ByteBuf block = Unpooled.buffer().writeInt(3).writeInt(0);
          block.writeLong(writers[w].getMostSignificantBits());
          block.writeLong(writers[w].getLeastSignificantBits());
          int head = random.nextInt(event.length);
          block.writeBytes(event, 0, head);
          block.writeInt(WireCommandType.PARTIAL_EVENT.code()).writeInt(0);
          block.setInt(4, block.readableBytes() - 8);
          block.setInt(block.writerIndex() - 4, 0);
          frames.add(bytes(block));
          byte[] tail = java.util.Arrays.copyOfRange(event, head, event.length);
          frames.add(
              frame(
                  new AppendBlockEnd(
                      writers[w], head, Unpooled.wrappedBuffer(tail), 1, ++next[w], w)));
        }
        case 1 ->
            frames.add(
                frame(
                    new AppendBlockEnd(
                        writers[w],
                        event.length,
                        Unpooled.wrappedBuffer(event),
                        1,
                        random.nextInt(5) == 0 ? next[w] - 2 : ++next[w],
                        w)));
        case 2 ->
            frames.add(
                frame(
                    new ConditionalAppend(
                        writers[w], ++next[w], i, Unpooled.wrappedBuffer(event), w)));
        default -> frames.add(frame(new Padding(random.nextInt(9))));
      }
    }
    return frames;
  }

  private static byte[] frame(WireCommand c) {
    ByteBuf b = Unpooled.buffer();
    WireCodec.encode(c, b);
    ReferenceCountUtil.release(c);
    return bytes(b);
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }
}
