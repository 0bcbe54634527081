package io.sluice.streams.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.AppendBlockEnd;
import io.sluice.protocol.wire.AppendSetup;
import io.sluice.protocol.wire.ConditionalAppend;
import io.sluice.protocol.wire.ConditionalCheckFailed;
import io.sluice.protocol.wire.CreateSegment;
import io.sluice.protocol.wire.CreateTableSegment;
import io.sluice.protocol.wire.DataAppended;
import io.sluice.protocol.wire.ErrorMessage;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.Hello;
import io.sluice.protocol.wire.InvalidEventNumber;
import io.sluice.protocol.wire.KeepAlive;
import io.sluice.protocol.wire.NoSuchSegment;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.ReadTable;
import io.sluice.protocol.wire.ReadTableKeys;
import io.sluice.protocol.wire.SealSegment;
import io.sluice.protocol.wire.SegmentCreated;
import io.sluice.protocol.wire.SegmentIsSealed;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.protocol.wire.SegmentSealed;
import io.sluice.protocol.wire.SetupAppend;
import io.sluice.protocol.wire.StreamSegmentInfo;
import io.sluice.protocol.wire.TableEntriesUpdated;
import io.sluice.protocol.wire.TableEntry;
import io.sluice.protocol.wire.TableIteratorArgs;
import io.sluice.protocol.wire.TableKey;
import io.sluice.protocol.wire.TableKeyBadVersion;
import io.sluice.protocol.wire.TableKeyDoesNotExist;
import io.sluice.protocol.wire.TableKeysRead;
import io.sluice.protocol.wire.TableRead;
import io.sluice.protocol.wire.UpdateTableEntries;
import io.sluice.protocol.wire.WireCommand;
import io.sluice.streams.testing.MemoryStorage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentStoreServerTest {
  private final MemoryStorage storage = new MemoryStorage();
  private final SegmentStoreServer server =
      SegmentStoreServer.start(
          storage,
          new InetSocketAddress("127.0.0.1", 0),
          1,
          // a read parked at the tail must outlive the appends that end its wait on a loaded
          // machine (500 ms once expired first, and the read came back empty); no test waits
          // for a tail read to time out
          Duration.ofSeconds(30),
          SegmentAuth.OFF,
          null);

  @AfterEach
  void close() {
    server.close();
    storage.close();
  }

  private WireClient connect() throws Exception {
    WireClient c = new WireClient(server.address());
    c.send(new Hello(16, 5));
    assertThat(c.receive()).isEqualTo(new Hello(16, 5));
    return c;
  }

  private static byte[] event(String s) {
    byte[] p = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + p.length);
    b.putInt(0).putInt(p.length).put(p);
    return b.array();
  }

  @Test
  void appendsAreDeduplicatedAcrossConnections() throws Exception {
    UUID writer = UUID.randomUUID();
    try (WireClient c = connect()) {
      c.send(new CreateSegment(1, "s/t/0.#epoch.0", 0, (byte) 0, "", 0));
      assertThat(c.receive()).isEqualTo(new SegmentCreated(1, "s/t/0.#epoch.0"));
      c.send(new SetupAppend(2, writer, "s/t/0.#epoch.0", ""));
      assertThat(c.receive())
          .isEqualTo(new AppendSetup(2, "s/t/0.#epoch.0", writer, Long.MIN_VALUE));
      c.send(
          new AppendBlockEnd(writer, 0, Unpooled.wrappedBuffer(event("a"), event("b")), 2, 2, 3));
      DataAppended ack = (DataAppended) c.receive();
      assertThat(ack.eventNumber()).isEqualTo(2);
      assertThat(ack.previousEventNumber()).isEqualTo(Long.MIN_VALUE);
      assertThat(ack.currentSegmentWriteOffset()).isEqualTo(18);
      c.send(new KeepAlive());
      assertThat(c.receive()).isEqualTo(new KeepAlive());
    }
    try (WireClient c = connect()) {
      c.send(new SetupAppend(5, writer, "s/t/0.#epoch.0", ""));
      assertThat(c.receive()).isEqualTo(new AppendSetup(5, "s/t/0.#epoch.0", writer, 2));
      c.send(new AppendBlockEnd(writer, 0, Unpooled.wrappedBuffer(event("b")), 1, 2, 6));
      assertThat(c.receive()).isInstanceOf(InvalidEventNumber.class);
      assertThat(c.closedByServer()).isTrue();
    }
    try (WireClient c = connect()) {
      c.send(new ReadSegment("s/t/0.#epoch.0", 0, 1000, "", 7));
      SegmentRead r = (SegmentRead) c.receive();
      assertThat(r.data().readableBytes()).isEqualTo(18);
      assertThat(r.atTail()).isTrue();
      r.release();
    }
  }

  @Test
  void conditionalAppendsReadsAtTailAndSeal() throws Exception {
    UUID writer = UUID.randomUUID();
    try (WireClient c = connect();
        WireClient reader = connect()) {
      c.send(new CreateSegment(1, "s/c", 0, (byte) 0, "", 0));
      c.receive();
      reader.send(new ReadSegment("s/c", 0, 1000, "", 9));
      c.send(new SetupAppend(2, writer, "s/c", ""));
      c.receive();
      c.send(new ConditionalAppend(writer, 1, 5, Unpooled.wrappedBuffer(new byte[] {1}), 3));
      assertThat(c.receive()).isEqualTo(new ConditionalCheckFailed(writer, 1, 3));
      c.send(new ConditionalAppend(writer, 2, 0, Unpooled.wrappedBuffer(new byte[] {1}), 4));
      assertThat(((DataAppended) c.receive()).currentSegmentWriteOffset()).isEqualTo(9);
      SegmentRead r = (SegmentRead) reader.receive();
      assertThat(r.data().readableBytes()).isEqualTo(9);
      r.release();
      c.send(new SealSegment(5, "s/c", ""));
      assertThat(c.receive()).isEqualTo(new SegmentSealed(5, "s/c"));
      c.send(new ConditionalAppend(writer, 3, 9, Unpooled.wrappedBuffer(new byte[] {1}), 6));
      assertThat(c.receive()).isInstanceOf(SegmentIsSealed.class);
      c.send(new GetStreamSegmentInfo(7, "s/c", ""));
      StreamSegmentInfo info = (StreamSegmentInfo) c.receive();
      assertThat(info.sealed()).isTrue();
      assertThat(info.writeOffset()).isEqualTo(9);
      c.send(new ReadSegment("s/c", 9, 1000, "", 8));
      SegmentRead end = (SegmentRead) c.receive();
      assertThat(end.endOfSegment()).isTrue();
      end.release();
      c.send(new GetStreamSegmentInfo(9, "s/none", ""));
      assertThat(c.receive()).isInstanceOf(NoSuchSegment.class);
    }
  }

  @Test
  void tablesUpdateReadAndIterateByRange() throws Exception {
    try (WireClient c = connect()) {
      c.send(new CreateTableSegment(1, "s/kv/0.#epoch.0", "", false, 2, 0));
      c.receive();
      c.send(
          new UpdateTableEntries(
              2,
              "s/kv/0.#epoch.0",
              "",
              List.of(
                  TableEntry.of(new byte[] {1, 1}, TableKey.NOT_EXISTS, new byte[] {9}),
                  TableEntry.of(new byte[] {1, 2}, TableKey.NO_VERSION, new byte[] {8}),
                  TableEntry.of(new byte[] {2, 0}, TableKey.NO_VERSION, new byte[] {7})),
              -1));
      TableEntriesUpdated up = (TableEntriesUpdated) c.receive();
      assertThat(up.updatedVersions()).hasSize(3);
      c.send(
          new UpdateTableEntries(
              3,
              "s/kv/0.#epoch.0",
              "",
              List.of(TableEntry.of(new byte[] {1, 1}, TableKey.NOT_EXISTS, new byte[] {9})),
              -1));
      assertThat(c.receive()).isInstanceOf(TableKeyBadVersion.class);
      c.send(
          new UpdateTableEntries(
              4,
              "s/kv/0.#epoch.0",
              "",
              List.of(TableEntry.of(new byte[] {3, 3}, 12345, new byte[] {9})),
              -1));
      assertThat(c.receive()).isInstanceOf(TableKeyDoesNotExist.class);
      c.send(
          new ReadTable(
              5,
              "s/kv/0.#epoch.0",
              "",
              List.of(
                  TableKey.of(new byte[] {1, 2}, TableKey.NO_VERSION),
                  TableKey.of(new byte[] {5, 5}, TableKey.NO_VERSION))));
      TableRead read = (TableRead) c.receive();
      assertThat(read.entries().get(0).key().version()).isEqualTo(up.updatedVersions().get(1));
      assertThat(read.entries().get(1).key().version()).isEqualTo(TableKey.NOT_EXISTS);
      c.send(
          new ReadTableKeys(
              6,
              "s/kv/0.#epoch.0",
              "",
              10,
              new TableIteratorArgs(
                  Unpooled.EMPTY_BUFFER,
                  Unpooled.wrappedBuffer(new byte[] {1, 2}),
                  Unpooled.wrappedBuffer(new byte[] {1, (byte) 0xFF}))));
      TableKeysRead keys = (TableKeysRead) c.receive();
      assertThat(keys.keys()).hasSize(1);
      assertThat(keys.keys().get(0).key().getByte(1)).isEqualTo((byte) 2);
    }
  }

  @Test
  void badInputClosesOnlyThatConnection() throws Exception {
    try (WireClient good = connect()) {
      try (WireClient bad = new WireClient(server.address())) {
        bad.sendRaw(new byte[] {0, 0, 0, 99, 0, 0, 0, 4, 1, 2, 3, 4});
        WireCommand reply = bad.receive();
        assertThat(reply).isInstanceOf(ErrorMessage.class);
        assertThat(bad.closedByServer()).isTrue();
      }
      try (WireClient big = new WireClient(server.address())) {
        big.sendRaw(new byte[] {0, 0, 0, 1, 0x7F, 0, 0, 0});
        assertThat(big.receive()).isInstanceOf(ErrorMessage.class);
        assertThat(big.closedByServer()).isTrue();
      }
      try (WireClient old = new WireClient(server.address())) {
        old.send(new Hello(3, 1));
        assertThat(old.receive()).isInstanceOf(Hello.class);
        assertThat(old.closedByServer()).isTrue();
      }
      try (WireClient noSetup = connect()) {
        noSetup.send(
            new AppendBlockEnd(UUID.randomUUID(), 0, Unpooled.wrappedBuffer(event("x")), 1, 1, 1));
        assertThat(noSetup.receive()).isInstanceOf(ErrorMessage.class);
        assertThat(noSetup.closedByServer()).isTrue();
      }
      good.send(new KeepAlive());
      assertThat(good.receive()).isEqualTo(new KeepAlive());
    }
  }
}
