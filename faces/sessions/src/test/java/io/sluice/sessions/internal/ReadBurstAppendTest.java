package io.sluice.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.sluice.sessions.SessionsOptions;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import io.sluice.storage.StorageEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  /** The reply of one operation as a future. */
  static final class Await<T> implements Reply<T> {
    final CompletableFuture<T> f = new CompletableFuture<>();

    @Override
    public void ok(T value) {
      f.complete(value);
    }

    @Override
    public void fail(SessionsError error, String message) {
      f.completeExceptionally(new IllegalStateException(error + ": " + message));
    }

    T get() throws Exception {
      return f.get(10, TimeUnit.SECONDS);
    }
  }

  private long open() throws Exception {
    Await<Long> id = new Await<>();
    log.open(7, id);
    return id.get();
  }

  private static List<ByteBuffer> record(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theBatchesOfOneLoopTurnAreOneStorageAppend() throws Exception {
    long a = open();
    long b = open();
    Await<Integer> first = new Await<>();
    Await<Integer> second = new Await<>();
    Await<Integer> third = new Await<>();
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
    assertThat(first.get()).isEqualTo(1);
    assertThat(second.get()).isEqualTo(1);
    assertThat(third.get()).isEqualTo(2);
    assertThat(storage.stats().walRecords() - before).isEqualTo(1);

    // the next turn's batch is an append of its own
    Await<Integer> fourth = new Await<>();
    loop.execute(() -> log.runBatch(() -> log.appendNow(b, 0, record("b2"), fourth), () -> {}));
    assertThat(fourth.get()).isEqualTo(2);
    assertThat(storage.stats().walRecords() - before).isEqualTo(2);
  }
}
