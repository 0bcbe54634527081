package io.sluice.streams.internal.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Small binary encoding helpers for metadata records: big-endian fixed-size numbers and
 * length-prefixed UTF-8 strings. Decoding checks every length against what is left before
 * allocating. Not thread-safe (one instance per encode or decode).
 */
final class Bin {
  private Bin() {}

  /** Appends values to a growing byte array. */
  static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final DataOutputStream out = new DataOutputStream(bytes);

    Out i8(int v) {
      return run(() -> out.writeByte(v));
    }

    Out i32(int v) {
      return run(() -> out.writeInt(v));
    }

    Out i64(long v) {
      return run(() -> out.writeLong(v));
    }

    Out f64(double v) {
      return run(() -> out.writeDouble(v));
    }

    Out bool(boolean v) {
      return run(() -> out.writeBoolean(v));
    }

    Out str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return i32(b.length).raw(b);
    }

    Out blob(byte[] b) {
      return i32(b.length).raw(b);
    }

    private Out raw(byte[] b) {
      return run(() -> out.write(b));
    }

    byte[] toBytes() {
      return bytes.toByteArray();
    }

    private Out run(IoAction a) {
      try {
        a.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  /** Reads values back; every read fails with {@link IllegalArgumentException} when short. */
  static final class In {
    private final ByteBuffer buf;

    In(ByteBuffer buf) {
      this.buf = buf.duplicate();
    }

    int i8() {
      return guard(() -> (int) buf.get());
    }

    int i32() {
      return guard(buf::getInt);
    }

    long i64() {
      return guard(buf::getLong);
    }

    double f64() {
      return guard(buf::getDouble);
    }

    boolean bool() {
      return i8() != 0;
    }

    /** A count of items that each take at least {@code minItemBytes}. */
    int count(int minItemBytes) {
      int n = i32();
      if (n < 0 || (long) n * minItemBytes > buf.remaining()) {
        throw new IllegalArgumentException("bad item count " + n);
      }
      return n;
    }

    String str() {
      return new String(blob(), StandardCharsets.UTF_8);
    }

    byte[] blob() {
      int n = i32();
      if (n < 0 || n > buf.remaining()) {
        throw new IllegalArgumentException("bad length " + n);
      }
      byte[] b = new byte[n];
      buf.get(b);
      return b;
    }

    private <T> T guard(java.util.function.Supplier<T> s) {
      try {
        return s.get();
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException("truncated metadata record", e);
      }
    }
  }
}
