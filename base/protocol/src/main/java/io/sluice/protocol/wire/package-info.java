/**
 * The Pravega segment-store wire protocol, written down once for the Sluice streams face (server)
 * and the Sluice client: one immutable record per command, each with its own encoder ({@code
 * writeFields}) and decoder, the codec table {@link io.sluice.protocol.wire.WireCommandType} (type
 * code to decoder), the frame codec {@link io.sluice.protocol.wire.WireCodec}, and Netty handlers
 * usable on both sides.
 *
 * <h2>Frames</h2>
 *
 * <p>Every command travels as {@code [int32 type code][int32 payload length][payload]}; the payload
 * is the command's fields in order, big-endian as {@link java.io.DataOutput} writes them: strings
 * as {@code writeUTF} (u16 length, modified UTF-8), UUIDs as two int64 (most significant first),
 * booleans as one byte, byte arrays as int32 length + bytes. A frame is at most {@link
 * io.sluice.protocol.wire.WireCommand#MAX_FRAME_SIZE} bytes. Decoders check every length against
 * the frame before reading or allocating; counts are checked against the bytes left.
 *
 * <h2>Compatibility rule</h2>
 *
 * <p>This protocol evolves only by <b>adding fields at the end</b> of a command. A decoder reads
 * the fields it knows, gives later optional fields their default when an older peer's frame ends
 * before them, and ignores bytes after the fields it knows. A change that cannot be expressed this
 * way (removing, reordering or retyping a field, changing a meaning) is a <b>new command with a new
 * type code</b>; type codes are never reused. The handshake ({@link io.sluice.protocol.wire.Hello})
 * exchanges {@link io.sluice.protocol.wire.WireCommand#WIRE_VERSION} and {@link
 * io.sluice.protocol.wire.WireCommand#OLDEST_COMPATIBLE_VERSION}.
 *
 * <h2>Appends</h2>
 *
 * <p>Appends arrive in several shapes (Java client blocks with padding or a partial event, inline
 * block ends, conditional appends); {@link io.sluice.protocol.wire.AppendAssembler} turns them into
 * uniform {@link io.sluice.protocol.wire.Append}s. Event data inside segments is framed as
 * described in {@link io.sluice.protocol.wire.EventFrames}.
 *
 * <h2>Pipelines</h2>
 *
 * <pre>
 * server: WireFrameDecoder, AppendAssemblyHandler, (request handler), WireErrorHandler; WireCommandEncoder
 * client: WireFrameDecoder, (reply handler), WireErrorHandler; WireCommandEncoder
 * </pre>
 */
package io.sluice.protocol.wire;
