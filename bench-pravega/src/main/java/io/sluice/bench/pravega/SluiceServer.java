package io.sluice.bench.pravega;

import io.sluice.systests.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Sluice node from the built distribution ({@code node/cli/target}), started with {@link
 * NodeProcess} on a fresh data directory with the node's defaults (appends forced to disk before
 * they are acknowledged). Used from one thread.
 */
final class SluiceServer implements Server {
  private final NodeProcess node;
  private final Path dataDir;

  private SluiceServer(NodeProcess node, Path dataDir) {
    this.node = node;
    this.dataDir = dataDir;
  }

  /** Starts a node in a new directory under {@code workDir}; returns once it logged ready. */
  static SluiceServer start(Path workDir, List<String> jvmArgs) throws IOException {
    Path dataDir = Files.createTempDirectory(workDir, "sluice-");
    return new SluiceServer(NodeProcess.start(dataDir, jvmArgs, List.of()), dataDir);
  }

  @Override
  public String name() {
    return "sluice";
  }

  @Override
  public URI controller() {
    return URI.create("tcp://127.0.0.1:" + node.port("controller"));
  }

  @Override
  public long pid() {
    return node.pid();
  }

  @Override
  public void close() {
    try {
      node.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      node.close();
    }
    Directories.deleteQuietly(dataDir);
    Directories.deleteQuietly(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
  }
}
