package io.sluice.bench.pravega;

import io.sluice.systests.NodeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Sluice node from the built distribution ({@code node/cli/target}), started with {@link
 * NodeProcess} on a fresh data directory with the node's defaults (appends forced to disk before
 * they are acknowledged). Used from one thread.
 */
final class SluiceServer implements Server {
  private final String name;
  private final NodeProcess node;
  private final Path dataDir;

  private SluiceServer(String name, NodeProcess node, Path dataDir) {
    this.name = name;
    this.node = node;
    this.dataDir = dataDir;
  }

  /**
   * Starts a node in a new directory under {@code workDir} with extra JVM and {@code server} flags;
   * returns once it logged ready.
   */
  static SluiceServer start(String name, Path workDir, List<String> jvmArgs, List<String> nodeArgs)
      throws IOException {
    Path dataDir = Files.createTempDirectory(workDir, "sluice-");
    return new SluiceServer(name, NodeProcess.start(dataDir, jvmArgs, nodeArgs), dataDir);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public URI controller() {
    return URI.create("tcp://127.0.0.1:" + node.port("controller"));
  }

  @Override
  public long pid() {
    return node.pid();
  }

  /**
   * The storage engine's counters, Netty's pooled direct memory, the JVM's buffer pools and
   * committed memory pools from the node's {@code /metrics} (Prometheus text).
   */
  @Override
  public String diagnostics() {
    URI metrics = URI.create("http://127.0.0.1:" + node.port("admin") + "/metrics");
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      return body.lines()
          .filter(
              l ->
                  l.startsWith("sluice_storage_")
                      || l.startsWith("sluice_netty_")
                      || l.startsWith("jvm_buffer_memory_used_bytes")
                      || l.startsWith("jvm_memory_committed_bytes"))
          .collect(Collectors.joining("; "));
    } catch (IOException e) {
      return "(no metrics: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
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
    Directories.deleteQuietly(dataDir); // the node's log, <dataDir>.log, stays for a look
  }
}
