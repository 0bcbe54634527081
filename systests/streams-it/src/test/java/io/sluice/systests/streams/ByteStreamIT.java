package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.ByteStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.byteStream.ByteStreamReader;
import io.pravega.client.byteStream.ByteStreamWriter;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 4: ByteStreamWriter and ByteStreamReader, with truncation and seal. */
class ByteStreamIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("bs");
      sm.createStream(
          "bs",
          "bytes",
          StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /**
   * Reads exactly {@code n} bytes. (InputStream.readNBytes is not used: it ends with a read of
   * length 0, which the 0.13 ByteStreamReader answers by waiting for more data.)
   */
  private static byte[] readFully(ByteStreamReader r, int n) throws IOException {
    byte[] out = new byte[n];
    int at = 0;
    while (at < n) {
      int k = r.read(out, at, n - at);
      if (k < 0) {
        break;
      }
      at += k;
    }
    return Arrays.copyOf(out, at);
  }

  @Test
  void writeReadTruncateSeal() throws IOException {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    try (ByteStreamClientFactory f =
        ByteStreamClientFactory.withScope("bs", fixture.clientConfig())) {
      ByteStreamWriter w = f.createByteStreamWriter("bytes");
      w.write(data, 0, 100_000);
      w.write(data, 100_000, 200_000);
      w.flush();
      assertThat(w.fetchTailOffset()).isEqualTo(300_000);
      assertThat(w.fetchHeadOffset()).isZero();

      try (ByteStreamReader r = f.createByteStreamReader("bytes")) {
        byte[] back = readFully(r, 300_000);
        assertThat(Arrays.equals(back, data)).isTrue();
        assertThat(r.getOffset()).isEqualTo(300_000);
        r.seekToOffset(1000);
        assertThat(r.read()).isEqualTo(data[1000] & 0xFF);
      }

      w.truncateDataBefore(50_000);
      assertThat(w.fetchHeadOffset()).isEqualTo(50_000);
      try (ByteStreamReader r = f.createByteStreamReader("bytes")) {
        assertThat(r.fetchHeadOffset()).isEqualTo(50_000);
        r.seekToOffset(50_000);
        byte[] tail = readFully(r, 250_000);
        assertThat(Arrays.equals(tail, Arrays.copyOfRange(data, 50_000, 300_000))).isTrue();
      }

      w.closeAndSeal();
      try (ByteStreamReader r = f.createByteStreamReader("bytes")) {
        r.seekToOffset(299_990);
        assertThat(readFully(r, 10)).hasSize(10);
        assertThat(r.read()).isEqualTo(-1);
      }
      ByteStreamWriter again = f.createByteStreamWriter("bytes");
      assertThatThrownBy(
              () -> {
                again.write(new byte[] {1});
                again.flush();
              })
          .isInstanceOf(IOException.class);
    }
  }
}
