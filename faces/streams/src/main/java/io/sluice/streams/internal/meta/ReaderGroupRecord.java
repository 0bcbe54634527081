package io.sluice.streams.internal.meta;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * A reader group as the controller keeps it: its id, generation and the configuration exactly as
 * the client sent it (opaque here; the gRPC layer encodes and decodes it). Immutable (do not change
 * the array).
 */
public record ReaderGroupRecord(
    String scope, String name, UUID id, long generation, byte[] config) {
  private static final int FORMAT = 1;

  public byte[] encode() {
    return new Bin.Out()
        .i8(FORMAT)
        .str(scope)
        .str(name)
        .i64(id.getMostSignificantBits())
        .i64(id.getLeastSignificantBits())
        .i64(generation)
        .blob(config)
        .toBytes();
  }

  public static ReaderGroupRecord decode(ByteBuffer buf) {
    Bin.In in = new Bin.In(buf);
    if (in.i8() != FORMAT) {
      throw new IllegalArgumentException("unknown reader group record format");
    }
    return new ReaderGroupRecord(
        in.str(), in.str(), new UUID(in.i64(), in.i64()), in.i64(), in.blob());
  }
}
