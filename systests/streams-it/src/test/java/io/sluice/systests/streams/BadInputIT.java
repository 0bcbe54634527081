package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance point 11: garbage, oversized frames, unknown commands, wrong versions and unknown
 * segments get the protocol's error reply or a closed connection, while a real client's writes on
 * other connections carry on.
 */
class BadInputIT {
  private static final int HELLO = -127;
  private static final int KEEP_ALIVE = 100;
  private static final int READ_SEGMENT = 9;
  private static final int NO_SUCH_SEGMENT = 53;

  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("bad");
      sm.createStream(
          "bad", "st", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static final class Raw implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    Raw() throws IOException {
      socket = new Socket("127.0.0.1", fixture.node.port("segment-store"));
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    }

    void frame(int type, byte[] payload) throws IOException {
      out.writeInt(type);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }

    int replyType() throws IOException {
      int type = in.readInt();
      int len = in.readInt();
      in.readFully(new byte[len]);
      return type;
    }

    boolean closed() throws IOException {
      try {
        while (in.read() >= 0) {
          // skip a last error reply
        }
        return true;
      } catch (EOFException | SocketException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static byte[] hello(int high, int low) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(high);
    d.writeInt(low);
    return b.toByteArray();
  }

  private static byte[] read(String segment) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeUTF(segment);
    d.writeLong(0);
    d.writeInt(100);
    d.writeUTF("");
    d.writeLong(7);
    return b.toByteArray();
  }

  @Test
  void badPeersLoseOnlyTheirOwnConnection() throws Exception {
    try (EventStreamClientFactory f =
            EventStreamClientFactory.withScope("bad", fixture.clientConfig());
        EventStreamWriter<String> w =
            f.createEventWriter(
                "st", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
      w.writeEvent("k", "before").join();

      try (Raw garbage = new Raw()) {
        garbage.out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        garbage.out.flush();
        assertThat(garbage.closed()).isTrue();
      }
      try (Raw oversized = new Raw()) {
        oversized.out.writeInt(READ_SEGMENT);
        oversized.out.writeInt(64 << 20);
        oversized.out.flush();
        assertThat(oversized.closed()).isTrue();
      }
      try (Raw unknown = new Raw()) {
        unknown.frame(12345, new byte[] {1, 2, 3});
        assertThat(unknown.closed()).isTrue();
      }
      try (Raw old = new Raw()) {
        old.frame(HELLO, hello(3, 1));
        assertThat(old.replyType()).isEqualTo(HELLO);
        assertThat(old.closed()).isTrue();
      }
      try (Raw ok = new Raw()) {
        ok.frame(HELLO, hello(16, 5));
        assertThat(ok.replyType()).isEqualTo(HELLO);
        ok.frame(READ_SEGMENT, read("bad/none/0.#epoch.0"));
        assertThat(ok.replyType()).isEqualTo(NO_SUCH_SEGMENT);
        ok.frame(KEEP_ALIVE, new byte[0]);
        assertThat(ok.replyType()).isEqualTo(KEEP_ALIVE);
      }

      for (int i = 0; i < 100; i++) {
        w.writeEvent("k", "after" + i);
      }
      w.flush();
    }
  }
}
