package io.sluice.systests.streams;

import io.pravega.client.ClientConfig;
import io.sluice.systests.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One Sluice node in a child process for a test class, and the Pravega client configuration that
 * reaches it. Not thread-safe.
 */
final class NodeFixture implements AutoCloseable {
  final NodeProcess node;
  final Path dir;

  private NodeFixture(NodeProcess node, Path dir) {
    this.node = node;
    this.dir = dir;
  }

  static NodeFixture start(String... flags) throws IOException {
    Path dir = Files.createTempDirectory("streams-it");
    return new NodeFixture(
        NodeProcess.start(dir.resolve("data"), List.of("-Xmx512m"), List.of(flags)), dir);
  }

  URI controllerUri() {
    return URI.create("tcp://127.0.0.1:" + node.port("controller"));
  }

  ClientConfig clientConfig() {
    return ClientConfig.builder().controllerURI(controllerUri()).build();
  }

  @Override
  public void close() {
    node.close();
    try {
      Path logs = Path.of("target", "node-logs");
      Files.createDirectories(logs);
      Path log = dir.resolve("data.log");
      if (Files.exists(log)) {
        Files.copy(
            log,
            logs.resolve(dir.getFileName() + ".log"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
