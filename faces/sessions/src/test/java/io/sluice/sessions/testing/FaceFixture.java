package io.sluice.sessions.testing;

import io.sluice.sessions.SessionsFace;
import io.sluice.sessions.SessionsOptions;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A storage engine in a directory, a sessions face on 127.0.0.1 (free port) and a client, which a
 * test can restart (close everything, reopen on the same directory). Not thread-safe.
 */
public final class FaceFixture implements AutoCloseable {
  public final Path dir;
  public final TestClock clock;
  private final SessionsOptions options;
  public StorageEngine storage;
  public SessionsFace face;
  public SessionsClient client;

  public FaceFixture(Path dir, TestClock clock, SessionsOptions options) {
    this.dir = dir;
    this.clock = clock;
    this.options = options;
    start();
  }

  /** Small limits so tests stay fast. */
  public static SessionsOptions.Builder smallOptions() {
    return SessionsOptions.builder()
        .maxRecordBytes(64 << 10)
        .maxSessionBytes(256 << 10)
        .maxPendingBytes(4 << 20)
        .tickInterval(Duration.ofMillis(5));
  }

  public static StorageConfig storageConfig(Path dir) {
    return StorageConfig.builder(dir)
        .walFileSize(4 << 20)
        .maxAppendBytes(1 << 20)
        .writeQueueBytes(8 << 20)
        .cacheBytes(16 << 20)
        .flushInterval(Duration.ofMillis(100))
        .checkpointInterval(Duration.ofMillis(300))
        .build();
  }

  private void start() {
    storage = StorageEngine.open(storageConfig(dir));
    face = SessionsFace.start(storage, new InetSocketAddress("127.0.0.1", 0), clock, options);
    client = SessionsClient.connect("127.0.0.1", face.port());
  }

  /** Closes the client, the face and the engine, then opens them again on the same directory. */
  public void restart() {
    close();
    start();
  }

  /** Bytes of every file under the data directory. */
  public long diskBytes() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (face != null) {
      face.close();
      face = null;
    }
    if (storage != null) {
      storage.close();
      storage = null;
    }
  }
}
