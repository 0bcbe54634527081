package io.sluice.cli.session;

import io.sluice.sessions.client.SessionsClient;
import picocli.CommandLine.Option;

/** The options every session command shares: which node to talk to. Not thread-safe. */
public final class SessionOptions {
  @Option(
      names = "--server",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9300",
      description = "the node's sessions face (default: ${DEFAULT-VALUE})")
  String server;

  SessionsClient connect() {
    return SessionsClient.connect(server);
  }
}
