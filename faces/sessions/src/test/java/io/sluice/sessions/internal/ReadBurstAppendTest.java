package io.sluice.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.sluice.sessions.SessionsOptions;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batches that one turn of the loop runs (the {@code Operate} messages of one transport read)
 * reach the engine as one storage append, sent after the turn; a batch alone is one append too.
 */
class ReadBurstAppendTest {
  @TempDir Path dir;
  StorageEngine storage;
  DefaultEventLoop loop;
  SessionLog log;

  @BeforeEach
  void start() {
    storage = StorageEngine.open(FaceFixture.storageConfig(dir));
    loop = new DefaultEventLoop();
    SessionsOptions options =
        FaceFixture.smallOptions().kinds(List.of(KindSpec.of(7, Duration.ofSeconds(30)))).build();
    log = SessionLog.open(storage, new TestClock(1_000_000), options, loop);
  }

  @AfterEach
  void stop() throws Exception {
    log.close();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    storage.close();
  }

  private long open() throws Exception {
    FutureReply<Long> id = new FutureReply<>();
    log.open(7, id);
    return id.get(10, TimeUnit.SECONDS);
  }

  private static List<ByteBuffer> record(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theBatchesOfOneLoopTurnAreOneStorageAppend() throws Exception {
    long a = open();
    long b = open();
    FutureReply<Integer> first = new FutureReply<>();
    FutureReply<Integer> second = new FutureReply<>();
    FutureReply<Integer> third = new FutureReply<>();
    long before = storage.stats().walRecords();
    loop.execute(
        () -> {
          // as the transport delivers three messages read from the socket in one go
          log.runBatch(() -> log.appendNow(a, 0, record("a1"), first), () -> {});
          log.runBatch(
              () -> {
                log.appendNow(b, 0, record("b1"), second);
                log.appendNow(a, 0, record("a2"), third);
              },
              () -> {});
        });
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(storage.stats().walRecords() - before).isEqualTo(1);

    // the next turn's batch is an append of its own
    FutureReply<Integer> fourth = new FutureReply<>();
    loop.execute(() -> log.runBatch(() -> log.appendNow(b, 0, record("b2"), fourth), () -> {}));
    assertThat(fourth.get(10, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(storage.stats().walRecords() - before).isEqualTo(2);
  }
}
