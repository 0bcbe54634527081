package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.sluice.protocol.wire.internal.FieldReader;

/**
 * Encodes commands to frames and decodes frames to commands, without Netty channels: the one place
 * that knows the frame layout {@code [int32 type][int32 payload length][payload]}. The Netty
 * handlers ({@link WireFrameDecoder}, {@link WireCommandEncoder}) and blocking clients use it.
 *
 * <p>Decoding checks the header before anything else: a negative length, a length over {@link
 * WireCommand#MAX_PAYLOAD_SIZE} or an unknown type code is refused before a byte of the payload is
 * buffered. Fields are bounds-checked against the frame, and bytes after the fields a command knows
 * are skipped (newer peers may append fields).
 *
 * <p>Stateless and thread-safe.
 */
public final class WireCodec {
  private WireCodec() {}

  /**
   * Appends the frame of {@code command} to {@code out}. Does not release the command.
   *
   * @throws WireProtocolException if a field cannot be encoded or the frame would exceed {@link
   *     WireCommand#MAX_FRAME_SIZE}; nothing is left in {@code out} then
   */
  public static void encode(WireCommand command, ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(command.type().code());
    out.writeInt(0);
    try {
      command.writeFields(out);
    } catch (RuntimeException e) {
      out.writerIndex(start);
      throw e;
    }
    int length = out.writerIndex() - start - WireCommand.HEADER_SIZE;
    if (length > WireCommand.MAX_PAYLOAD_SIZE) {
      out.writerIndex(start);
      throw new WireProtocolException(
          WireError.FRAME_TOO_LARGE,
          command.type() + " needs " + length + " payload bytes, over the " + maxMessage());
    }
    out.setInt(start + Integer.BYTES, length);
  }

  /**
   * Checks a frame header and returns the command type.
   *
   * @throws WireProtocolException for an unknown type code (checked first: garbage is reported as
   *     such), or a negative or oversized length
   */
  public static WireCommandType checkHeader(int typeCode, int length) {
    WireCommandType type = WireCommandType.forCode(typeCode);
    if (type == null) {
      throw new WireProtocolException(
          WireError.UNKNOWN_COMMAND,
          "type code "
              + typeCode
              + " (payload "
              + length
              + " bytes) is not a wire command of"
              + " version "
              + WireCommand.WIRE_VERSION);
    }
    if (length < 0) {
      throw new WireProtocolException(
          WireError.NEGATIVE_LENGTH,
          "a frame of type " + typeCode + " declared a payload of " + length + " bytes");
    }
    if (length > WireCommand.MAX_PAYLOAD_SIZE) {
      throw new WireProtocolException(
          WireError.FRAME_TOO_LARGE,
          "a frame of type "
              + typeCode
              + " declared "
              + length
              + " payload bytes, over the "
              + maxMessage());
    }
    return type;
  }

  /**
   * Decodes one frame from the readable bytes of {@code in}, which start at a frame header. Returns
   * {@code null} and consumes nothing if the whole frame has not arrived yet; otherwise consumes
   * the frame. A returned {@link DataCommand} holds a retained slice of {@code in}.
   *
   * @throws WireProtocolException for a bad header (nothing consumed: the stream is unusable) or a
   *     bad payload (the frame is consumed)
   */
  public static WireCommand decode(ByteBuf in) {
    if (in.readableBytes() < WireCommand.HEADER_SIZE) {
      return null;
    }
    int start = in.readerIndex();
    int length = in.getInt(start + Integer.BYTES);
    WireCommandType type = checkHeader(in.getInt(start), length);
    if (in.readableBytes() - WireCommand.HEADER_SIZE < length) {
      return null;
    }
    ByteBuf payload = in.slice(start + WireCommand.HEADER_SIZE, length);
    in.skipBytes(WireCommand.HEADER_SIZE + length);
    return decodePayload(type, payload);
  }

  /**
   * Decodes the payload of a frame whose header was already read: all readable bytes of {@code
   * payload} belong to the frame. Advances {@code payload}'s reader index.
   *
   * @throws WireProtocolException if the payload is malformed
   */
  public static WireCommand decodePayload(WireCommandType type, ByteBuf payload) {
    return type.decode(new FieldReader(commandName(type), payload));
  }

  private static String commandName(WireCommandType type) {
    return type.name();
  }

  private static String maxMessage() {
    return WireCommand.MAX_PAYLOAD_SIZE + "-byte limit of the protocol";
  }
}
