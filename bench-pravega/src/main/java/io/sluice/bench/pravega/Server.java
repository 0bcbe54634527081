package io.sluice.bench.pravega;

import java.net.URI;

/**
 * A streams server under test, running as a child process: its controller URI for the Pravega
 * client, its pid for {@code /proc}, and how to stop it. Implementations are used from one thread.
 */
interface Server extends AutoCloseable {
  /** Short name for the report ({@code sluice}, {@code standalone}). */
  String name();

  /** The controller endpoint, {@code tcp://127.0.0.1:port}. */
  URI controller();

  /** The server process id. */
  long pid();

  /** The resident set size of the server process now, in bytes (VmRSS in /proc). */
  default long residentBytes() {
    return ProcStatus.residentBytes(pid());
  }

  /** Server-side counters worth printing after a round (empty if the server has none). */
  default String diagnostics() {
    return "";
  }

  /** Stops the process and removes what it wrote. */
  @Override
  void close();
}
