package io.sluice.cli.stream;

import io.netty.buffer.Unpooled;
import io.sluice.protocol.controller.SegmentRange;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.wire.AppendBlockEnd;
import io.sluice.protocol.wire.AppendSetup;
import io.sluice.protocol.wire.DataAppended;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.protocol.wire.WireCommand;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sluice stream write SCOPE/STREAM}: one event per line of stdin, optionally with a
 * routing key before a delimiter; every event is acknowledged (durable) before the command ends.
 * Keys are hashed to a segment here (not with the Pravega client's hash: per-key order holds among
 * events written by this command). Not thread-safe.
 */
@Command(name = "write", description = "Writes one event per line of stdin to a stream.")
final class WriteCommand extends StreamSubcommand {
  private static final int WINDOW = 1000;

  @Parameters(paramLabel = "SCOPE/STREAM")
  String name;

  @Option(
      names = "--key-delimiter",
      description = "each line is KEY<delimiter>EVENT; without it events have no routing key")
  String delimiter;

  private final Map<Long, UUID> writers = new HashMap<>();
  private final Map<Long, Long> eventNumbers = new HashMap<>();
  private int outstanding;
  private long requestId;

  @Override
  int run(StreamClient c, PrintWriter out) throws Exception {
    StreamInfo s = StreamClient.stream(name);
    List<SegmentRange> segs = c.controller.getCurrentSegments(s).getSegmentRangesList();
    WireConnection w = c.wire(s);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long count = 0;
    String line;
    while ((line = in.readLine()) != null) {
      String key = null;
      String event = line;
      if (delimiter != null) {
        int at = line.indexOf(delimiter);
        if (at >= 0) {
          key = line.substring(0, at);
          event = line.substring(at + delimiter.length());
        }
      }
      long seg = route(segs, key, count);
      UUID writer = setup(w, s, seg);
      byte[] payload = event.getBytes(StandardCharsets.UTF_8);
      ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
      frame.putInt(0).putInt(payload.length).put(payload).flip();
      long n = eventNumbers.merge(seg, 1L, Long::sum);
      w.send(
          new AppendBlockEnd(
              writer, payload.length + 8, Unpooled.wrappedBuffer(frame), 1, n, ++requestId));
      outstanding++;
      count++;
      if (outstanding >= WINDOW) {
        drain(w, 0);
      }
    }
    drain(w, 0);
    out.println("wrote " + count + " events");
    return 0;
  }

  private UUID setup(WireConnection w, StreamInfo s, long seg) throws Exception {
    UUID writer = writers.get(seg);
    if (writer != null) {
      return writer;
    }
    drain(w, 0);
    writer = UUID.randomUUID();
    w.send(new SetupAppend(++requestId, writer, StreamClient.segmentName(s, seg), ""));
    w.flush();
    WireCommand reply = w.receive();
    if (!(reply instanceof AppendSetup setup)) {
      throw new java.io.IOException("cannot write to segment " + seg + ": " + reply);
    }
    writers.put(seg, writer);
    eventNumbers.put(seg, Math.max(0, setup.lastEventNumber()));
    return writer;
  }

  private void drain(WireConnection w, int upTo) throws Exception {
    w.flush();
    while (outstanding > upTo) {
      WireCommand reply = w.receive();
      if (!(reply instanceof DataAppended)) {
        throw new java.io.IOException("write failed: " + reply);
      }
      outstanding--;
    }
  }

  private static long route(List<SegmentRange> segs, String key, long count) {
    if (key == null) {
      return segs.get((int) (count % segs.size())).getSegmentId().getSegmentId();
    }
    long h = 1125899906842597L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = 31 * h + b;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    double point = (h >>> 11) * 0x1.0p-53;
    for (SegmentRange r : segs) {
      if (point >= r.getMinKey() && point < r.getMaxKey()) {
        return r.getSegmentId().getSegmentId();
      }
    }
    return segs.get(segs.size() - 1).getSegmentId().getSegmentId();
  }
}
