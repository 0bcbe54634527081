package io.sluice.cli.stream;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.controller.GetSegmentsRequest;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.controller.SuccessorResponse;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.protocol.wire.StreamSegmentInfo;
import io.sluice.protocol.wire.WireCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sluice stream read SCOPE/STREAM}: prints events (UTF-8, one per line) from the head, the
 * tail or a stream cut, following segments to their successors; without {@code --follow} it stops
 * at the end the stream had when the command started. Reads of all segments are in flight at once
 * on one connection. Not thread-safe.
 */
@Command(name = "read", description = "Reads events of a stream and prints one per line.")
final class ReadCommand extends StreamSubcommand {
  @Parameters(paramLabel = "SCOPE/STREAM")
  String name;

  @Option(
      names = "--from",
      defaultValue = "head",
      description = "head, tail, or a stream cut SEGMENT:OFFSET[,SEGMENT:OFFSET...]")
  String from;

  @Option(names = "--follow", description = "keep waiting for new events")
  boolean follow;

  /** One segment being read. */
  private static final class Cursor {
    final long id;
    long offset;
    long limit = -1;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    Cursor(long id, long offset) {
      this.id = id;
      this.offset = offset;
    }
  }

  private final Map<Long, Cursor> reading = new LinkedHashMap<>();
  private final Map<Long, Cursor> byRequest = new HashMap<>();
  private final Set<Long> started = new HashSet<>();
  private final java.util.ArrayDeque<WireCommand> stash = new java.util.ArrayDeque<>();
  private long requestId;

  @Override
  int run(StreamClient c, PrintWriter out) throws Exception {
    StreamInfo s = StreamClient.stream(name);
    WireConnection w = c.wire(s);
    Map<Long, Long> start = new LinkedHashMap<>();
    if (from.equals("head")) {
      c.controller
          .getSegments(GetSegmentsRequest.newBuilder().setStreamInfo(s).build())
          .getSegmentsList()
          .forEach(l -> start.put(l.getSegmentId().getSegmentId(), l.getOffset()));
    } else if (from.equals("tail")) {
      for (var r : c.controller.getCurrentSegments(s).getSegmentRangesList()) {
        long id = r.getSegmentId().getSegmentId();
        start.put(id, info(w, s, id).writeOffset());
      }
    } else {
      for (String part : from.split(",")) {
        String[] p = part.split(":");
        if (p.length != 2) {
          throw new IllegalArgumentException(
              "stream cut part '" + part + "' is not SEGMENT:OFFSET");
        }
        start.put(Long.parseLong(p[0]), Long.parseLong(p[1]));
      }
    }
    for (Map.Entry<Long, Long> e : start.entrySet()) {
      add(w, s, e.getKey(), e.getValue());
    }
    while (!reading.isEmpty()) {
      for (Cursor cur : reading.values()) {
        if (!byRequest.containsValue(cur)) {
          long req = ++requestId;
          byRequest.put(req, cur);
          w.send(
              new ReadSegment(StreamClient.segmentName(s, cur.id), cur.offset, 1 << 20, "", req));
        }
      }
      w.flush();
      WireCommand reply = stash.isEmpty() ? w.receive() : stash.poll();
      Cursor cur = byRequest.remove(reply.requestId());
      if (cur == null) {
        continue;
      }
      if (!(reply instanceof SegmentRead r)) {
        throw new IOException("reading segment " + cur.id + " failed: " + reply);
      }
      ByteBuf data = r.data();
      int n = data.readableBytes();
      byte[] bytes = new byte[n];
      data.readBytes(bytes);
      r.release();
      cur.offset += n;
      cur.partial.write(bytes);
      printEvents(cur, out);
      boolean done = !follow && cur.limit >= 0 && cur.offset >= cur.limit;
      if (r.endOfSegment() || done) {
        reading.remove(cur.id);
        if (r.endOfSegment()) {
          SuccessorResponse succ =
              c.controller.getSegmentsImmediatelyFollowing(
                  SegmentId.newBuilder().setStreamInfo(s).setSegmentId(cur.id).build());
          for (var e : succ.getSegmentsList()) {
            add(w, s, e.getSegment().getSegmentId().getSegmentId(), 0);
          }
        }
      }
    }
    return 0;
  }

  private void add(WireConnection w, StreamInfo s, long id, long offset) throws IOException {
    if (!started.add(id)) {
      return;
    }
    Cursor cur = new Cursor(id, offset);
    if (!follow) {
      StreamSegmentInfo i = info(w, s, id);
      cur.limit = i.writeOffset();
      if (cur.offset >= cur.limit && !i.sealed()) {
        return;
      }
    }
    reading.put(id, cur);
  }

  private StreamSegmentInfo info(WireConnection w, StreamInfo s, long id) throws IOException {
    w.send(new GetStreamSegmentInfo(++requestId, StreamClient.segmentName(s, id), ""));
    w.flush();
    while (true) {
      WireCommand reply = w.receive();
      if (reply.requestId() == requestId) {
        if (reply instanceof StreamSegmentInfo i) {
          return i;
        }
        throw new IOException("segment " + id + ": " + reply);
      }
      stash.add(reply); // a read's reply: the main loop handles it
    }
  }

  private static void printEvents(Cursor cur, PrintWriter out) {
    ByteBuffer b = ByteBuffer.wrap(cur.partial.toByteArray());
    while (b.remaining() >= 8) {
      int type = b.getInt(b.position());
      int len = b.getInt(b.position() + 4);
      if (type != 0 || len < 0) {
        throw new IllegalStateException(
            "segment " + cur.id + " holds no event frame at this position (a byte stream?)");
      }
      if (b.remaining() < 8 + len) {
        break;
      }
      b.position(b.position() + 8);
      byte[] payload = new byte[len];
      b.get(payload);
      out.println(new String(payload, StandardCharsets.UTF_8));
    }
    out.flush();
    byte[] rest = new byte[b.remaining()];
    b.get(rest);
    cur.partial.reset();
    cur.partial.writeBytes(rest);
  }
}
