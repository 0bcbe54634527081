package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;

/**
 * One command of the Pravega segment-store wire protocol. On the wire a command is a frame: an
 * 8-byte header {@code [int32 type code][int32 payload length]} followed by the payload, the
 * command's fields in order, big-endian as {@link java.io.DataOutput} writes them. See the package
 * documentation for the compatibility rule.
 *
 * <p>Implementations are immutable records; those carrying bulk bytes are {@link DataCommand}s.
 */
public sealed interface WireCommand permits Request, Reply, DataCommand, Padding {
  /** The wire version this codec speaks (that of Pravega 0.13). */
  int WIRE_VERSION = 16;

  /** The oldest wire version a peer may speak and still be understood. */
  int OLDEST_COMPATIBLE_VERSION = 5;

  /** The size of a frame header: type code and payload length, an int32 each. */
  int HEADER_SIZE = 8;

  /**
   * The largest frame, header included, either side accepts: 16 MiB - 1 (Pravega's {@code
   * MAX_WIRECOMMAND_SIZE}).
   */
  int MAX_FRAME_SIZE = 0x00FF_FFFF;

  /** The largest payload a frame may declare. */
  int MAX_PAYLOAD_SIZE = MAX_FRAME_SIZE - HEADER_SIZE;

  /** The value of a segment attribute that is not set. */
  long NULL_ATTRIBUTE_VALUE = Long.MIN_VALUE;

  /** The type of this command: its type code and decoder. */
  WireCommandType type();

  /**
   * Writes the payload (the fields, without the frame header) to {@code out}, leaving any buffer
   * fields of this command untouched (not consumed, not released).
   *
   * @throws WireProtocolException if a field cannot be encoded (a string over 65535 bytes)
   */
  void writeFields(ByteBuf out);

  /**
   * The request id that ties a reply to its request; {@code -1} (or {@code 0} for {@link Hello})
   * for commands without one on the wire.
   */
  long requestId();
}
