package io.sluice.protocol.wire;

/**
 * Why a frame or an append could not be decoded or encoded. Each kind says whether the byte stream
 * is still usable: after a framing error the frame boundaries are lost and the connection must be
 * closed, after a content error the peer sent something the protocol forbids and Pravega's own
 * server closes the connection too, so no kind here is retriable on the same connection.
 *
 * <p>Immutable and thread-safe.
 */
public enum WireError {
  /** A frame header declared a payload longer than {@link WireCommand#MAX_FRAME_SIZE} allows. */
  FRAME_TOO_LARGE("frame too large"),
  /** A frame header declared a negative payload length. */
  NEGATIVE_LENGTH("negative frame length"),
  /** A frame header carried a type code this protocol version does not know. */
  UNKNOWN_COMMAND("unknown command type"),
  /** A field needed more bytes than were left in its frame. */
  TRUNCATED("truncated field"),
  /** A field had an impossible value: a bad string, count, length or embedded header. */
  MALFORMED("malformed field"),
  /** A value was too large to encode, e.g. a string over 65535 bytes of modified UTF-8. */
  TOO_LONG_TO_ENCODE("value too long to encode"),
  /** Append commands arrived out of order or contradicted each other. */
  INVALID_APPEND("invalid append");

  private final String description;

  WireError(String description) {
    this.description = description;
  }

  /** A short human-readable name of this kind of error. */
  public String description() {
    return description;
  }
}
