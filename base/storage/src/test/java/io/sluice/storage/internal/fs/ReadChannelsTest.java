package io.sluice.storage.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.storage.testing.ForwardingFileLayer;
import io.sluice.storage.testing.MemoryFileLayer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Channels stay open between reads, within the bound, and are closed on forget and close. */
class ReadChannelsTest {
  private final MemoryFileLayer memory = new MemoryFileLayer();
  private final ConcurrentLinkedQueue<FileChannel> handedOut = new ConcurrentLinkedQueue<>();
  private final ForwardingFileLayer fs =
      new ForwardingFileLayer(memory) {
        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
          FileChannel ch = inner.open(file, options);
          handedOut.add(ch);
          return ch;
        }
      };

  private Path file(int i, int size) throws IOException {
    Path p = Path.of("/d/f" + i);
    memory.createDirectories(p.getParent());
    try (FileChannel ch = memory.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(size);
      for (int k = 0; k < size; k++) {
        b.put((byte) (i * 31 + k));
      }
      b.flip();
      ch.write(b, 0);
    }
    return p;
  }

  private static byte[] read(ReadChannels rc, Path p, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    rc.readFully(p, b, at);
    return b.array();
  }

  private long openChannels() {
    return handedOut.stream().filter(FileChannel::isOpen).count();
  }

  @Test
  void aFileIsOpenedOnceForManyReads() throws Exception {
    Path p = file(1, 4096);
    try (ReadChannels rc = new ReadChannels(fs, 4)) {
      for (int at = 0; at < 4096; at += 512) {
        assertThat(read(rc, p, at, 512)[0]).isEqualTo((byte) (31 + at));
      }
      assertThat(rc.opens()).isEqualTo(1);
      assertThat(openChannels()).isEqualTo(1);
    }
    assertThat(openChannels()).isZero();
  }

  @Test
  void theLeastRecentlyUsedChannelIsClosedPastTheBound() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(file(i, 100));
    }
    try (ReadChannels rc = new ReadChannels(fs, 2)) {
      read(rc, files.get(0), 0, 10);
      read(rc, files.get(1), 0, 10);
      read(rc, files.get(0), 0, 10); // 0 is now more recent than 1
      read(rc, files.get(2), 0, 10); // evicts 1
      assertThat(rc.opens()).isEqualTo(3);
      assertThat(openChannels()).isEqualTo(2);
      read(rc, files.get(0), 0, 10);
      assertThat(rc.opens()).isEqualTo(3);
      read(rc, files.get(1), 0, 10);
      assertThat(rc.opens()).isEqualTo(4);
      assertThat(openChannels()).isEqualTo(2);
    }
  }

  @Test
  void forgetClosesTheChannelOfADeletedFile() throws Exception {
    Path p = file(1, 100);
    try (ReadChannels rc = new ReadChannels(fs, 4)) {
      read(rc, p, 0, 10);
      assertThat(openChannels()).isEqualTo(1);
      memory.deleteIfExists(p);
      rc.forget(p);
      assertThat(openChannels()).isZero();
      assertThatThrownBy(() -> read(rc, p, 0, 10)).isInstanceOf(IOException.class);
      assertThat(openChannels()).isZero();
    }
  }

  @Test
  void aReadPastTheEndFailsWithEof() throws Exception {
    Path p = file(1, 100);
    try (ReadChannels rc = new ReadChannels(fs, 4)) {
      assertThatThrownBy(() -> read(rc, p, 90, 20))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("ends at 100");
    }
  }

  @Test
  void concurrentReadersGetTheRightBytesAndNothingLeaks() throws Exception {
    int files = 10;
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      paths.add(file(i, 1000));
    }
    ReadChannels rc = new ReadChannels(fs, 3);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    java.util.Random r = new java.util.Random(seed);
                    try {
                      for (int k = 0; k < 2000; k++) {
                        int i = r.nextInt(files);
                        int at = r.nextInt(990);
                        byte[] got = read(rc, paths.get(i), at, 10);
                        for (int j = 0; j < 10; j++) {
                          if (got[j] != (byte) (i * 31 + at + j)) {
                            throw new AssertionError("file " + i + " at " + (at + j));
                          }
                        }
                        if (k % 97 == 0) {
                          rc.forget(paths.get(r.nextInt(files)));
                        }
                      }
                    } catch (Throwable e) {
                      errors.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(openChannels()).isLessThanOrEqualTo(3);
    rc.close();
    assertThat(openChannels()).isZero();
  }
}
