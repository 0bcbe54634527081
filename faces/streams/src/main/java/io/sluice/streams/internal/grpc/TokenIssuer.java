package io.sluice.streams.internal.grpc;

/**
 * Issues the delegation tokens the controller hands to clients for the segment store.
 * Implementations are thread-safe.
 */
public interface TokenIssuer {
  /**
   * A token allowing {@code write} (or only read) access to the segments of one stream.
   *
   * @param scope the scope
   * @param stream the stream (or reader group / key-value table name), or null for the whole scope
   */
  String issue(String scope, String stream, boolean write);

  /** Auth is off: tokens are empty strings, as Pravega sends them. */
  TokenIssuer NONE = (scope, stream, write) -> "";
}
