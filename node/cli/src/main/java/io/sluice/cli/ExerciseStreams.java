package io.sluice.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.sluice.cli.stream.WireConnection;
import io.sluice.protocol.wire.AppendBlock;
import io.sluice.protocol.wire.AppendBlockEnd;
import io.sluice.protocol.wire.AppendSetup;
import io.sluice.protocol.wire.DataAppended;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.protocol.wire.WireCommand;
import io.sluice.protocol.wire.WireCommandType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The streams part of {@code sluice exercise}'s training traffic: appends in the Java client's
 * style (an {@code AppendBlock} of whole events that usually ends in a {@code PartialEvent}, then
 * its {@code AppendBlockEnd}) from one writer of 100 B events and from several writers of 1 KiB
 * events on their own connections, and sequential reads of 1 MiB, over loopback to the node's
 * segment store. With this much traffic the training run records method profiles of the append and
 * read paths in the start-up cache (JDK 25, JEP 515), so a fresh node's JIT compiles them from the
 * first requests instead of profiling them first in the interpreter. Runs on the clients' side of
 * the exercise (its own JVM); uses the protocol module's wire classes only. Not thread-safe: one
 * call of {@link #run} at a time.
 */
final class ExerciseStreams {
  /** Events of the single writer (10^5 of 100 B, ~11 MB of segment data). */
  static final int SMALL_EVENTS = 100_000;

  /** Events of each of the several writers (1 KiB). */
  static final int BIG_EVENTS = 5_000;

  /** The several writers (one connection and one segment each). */
  static final int WRITERS = 4;

  private static final int BLOCK_BYTES = 100 * 1024;
  private static final int WINDOW = 8;
  private static final int READ_BYTES = 1024 * 1024;
  private static final int EVENT_HEADER = 8;

  private ExerciseStreams() {}

  /**
   * Writes to segment 0 of {@code single} (one segment) and to segments 0..WRITERS-1 of {@code
   * multi} (WRITERS segments), then reads {@code single} back; the segment store at {@code port}.
   *
   * @return 0 when every append was acknowledged and every byte read back, else 1
   */
  static int run(int port, String single, String multi) throws Exception {
    String one = single + "/0.#epoch.0";
    long written = write(port, one, SMALL_EVENTS, 100);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Long>> all = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        String seg = multi + "/" + i + ".#epoch.0";
        all.add(pool.submit((Callable<Long>) () -> write(port, seg, BIG_EVENTS, 1024)));
      }
      for (Future<Long> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return read(port, one, written) == written ? 0 : 1;
  }

  /** Appends {@code events} events of {@code size} bytes as one writer; the bytes written. */
  private static long write(int port, String segment, int events, int size) throws IOException {
    try (WireConnection c = new WireConnection("127.0.0.1", port)) {
      UUID writer = UUID.randomUUID();
      c.send(new SetupAppend(1, writer, segment, ""));
      c.flush();
      if (!(c.receive() instanceof AppendSetup)) {
        throw new IOException("no AppendSetup for " + segment);
      }
      byte[] frame = new byte[EVENT_HEADER + size];
      frame[7] = (byte) size; // [int 0 (EVENT)][int size], sizes below 64 KiB
      frame[6] = (byte) (size >>> 8);
      long eventNumber = 0;
      long requestId = 1;
      int outstanding = 0;
      int sent = 0;
      long bytes = 0;
      while (sent < events) {
        int whole = Math.min(events - sent, BLOCK_BYTES / frame.length);
        // every other block also carries the head of one more event, as the Java client's blocks
        // do when the block fills mid-event; the tail goes in the block end
        boolean split = (requestId & 1) == 0 && sent + whole < events;
        int head = split ? frame.length / 2 : 0;
        ByteBuf block = Unpooled.buffer(whole * frame.length + (split ? 8 + head : 0));
        for (int i = 0; i < whole; i++) {
          block.writeBytes(frame);
        }
        ByteBuf tail = Unpooled.EMPTY_BUFFER;
        if (split) {
          block.writeInt(WireCommandType.PARTIAL_EVENT.code()).writeInt(head);
          block.writeBytes(frame, 0, head);
          tail = Unpooled.wrappedBuffer(frame, head, frame.length - head);
        }
        int n = whole + (split ? 1 : 0);
        eventNumber += n;
        c.send(new AppendBlock(writer, block));
        c.send(new AppendBlockEnd(writer, whole * frame.length, tail, n, eventNumber, ++requestId));
        sent += n;
        bytes += (long) n * frame.length;
        if (++outstanding >= WINDOW) {
          c.flush();
          ack(c);
          outstanding--;
        }
      }
      c.flush();
      while (outstanding-- > 0) {
        ack(c);
      }
      return bytes;
    }
  }

  private static void ack(WireConnection c) throws IOException {
    WireCommand reply = c.receive();
    try {
      if (!(reply instanceof DataAppended)) {
        throw new IOException("append failed: " + reply);
      }
    } finally {
      ReferenceCountUtil.release(reply);
    }
  }

  /** Reads {@code segment} from 0 to {@code length} in 1 MiB requests; the bytes read. */
  private static long read(int port, String segment, long length) throws IOException {
    try (WireConnection c = new WireConnection("127.0.0.1", port)) {
      long offset = 0;
      long requestId = 1;
      while (offset < length) {
        c.send(new ReadSegment(segment, offset, READ_BYTES, "", ++requestId));
        c.flush();
        WireCommand reply = c.receive();
        try {
          if (!(reply instanceof SegmentRead r) || r.data().readableBytes() == 0) {
            throw new IOException("read of " + segment + " at " + offset + " failed: " + reply);
          }
          offset += r.data().readableBytes();
        } finally {
          ReferenceCountUtil.release(reply);
        }
      }
      return offset;
    }
  }
}
