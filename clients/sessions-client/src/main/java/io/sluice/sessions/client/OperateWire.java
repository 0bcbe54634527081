package io.sluice.sessions.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.sluice.sessions.v1.SessionsGrpc;
import io.sluice.sessions.wire.MessageBytes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's side of the {@code Operate} stream, encoded and decoded by hand: each caller encodes
 * its own operation as one element of an {@code OperationBatch} (on its own thread, so the
 * connection's event loop only concatenates bytes), and result batches are read straight into
 * {@link Result}s without a protobuf object per result. The bytes are exactly those of the messages
 * in {@code sluice/sessions/v1/sessions.proto} (field numbers below are theirs); unknown fields are
 * skipped. Every length is checked against the bytes that remain. Stateless; thread-safe.
 */
final class OperateWire {
  private OperateWire() {}

  // the oneof members of Operation and OperationResult
  static final int OPEN = 2;
  static final int APPEND = 3;
  static final int REPLACE = 4;
  static final int DELETE = 5;
  static final int STORE = 6;
  static final int ERROR = 7;

  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** The {@code Operate} method with this codec (client side). */
  static final MethodDescriptor<byte[], byte[]> METHOD =
      SessionsGrpc.getOperateMethod().toBuilder(new Batches(), new Results()).build();

  /**
   * One operation as an element of {@code OperationBatch.operations}: the field key, the length,
   * then an {@code Operation} with {@code requestId} and {@code request} as its member {@code
   * member} ({@link #OPEN} ... {@link #STORE}).
   */
  static byte[] element(long requestId, int member, MessageLite request) {
    int requestSize = request.getSerializedSize();
    byte[] b = elementHead(requestId, member, requestSize);
    CodedOutputStream out = CodedOutputStream.newInstance(b, b.length - requestSize, requestSize);
    try {
      request.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding an operation into its exact size failed", e);
    }
    return b;
  }

  /**
   * The size of a request {@code {session = (sessionId, attempt), field 2 = each of records}} (an
   * {@code AppendRequest}, or a {@code DeleteRequest} without records), as the generated code would
   * encode it.
   */
  static int sessionRequestSize(long sessionId, int attempt, byte[][] records) {
    int ref = refSize(sessionId, attempt);
    int size = 1 + CodedOutputStream.computeUInt32SizeNoTag(ref) + ref;
    for (byte[] r : records) {
      size += 1 + CodedOutputStream.computeUInt32SizeNoTag(r.length) + r.length;
    }
    return size;
  }

  private static int refSize(long sessionId, int attempt) {
    return (sessionId == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(sessionId))
        + (attempt == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(attempt));
  }

  /**
   * {@link #element} for an {@code AppendRequest} ({@link #APPEND}, with its records) or a {@code
   * DeleteRequest} ({@link #DELETE}, no records) written straight from its fields: the same bytes,
   * without a protobuf message, builder or copy of each record before this one.
   */
  static byte[] sessionElement(
      long requestId, int member, long sessionId, int attempt, byte[][] records) {
    int request = sessionRequestSize(sessionId, attempt, records);
    byte[] b = elementHead(requestId, member, request);
    int at = b.length - request;
    b[at++] = (byte) tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    at = putVarint(b, at, refSize(sessionId, attempt));
    if (sessionId != 0) {
      b[at++] = (byte) tag(1, WireFormat.WIRETYPE_VARINT);
      at = putVarint(b, at, sessionId);
    }
    if (attempt != 0) {
      b[at++] = (byte) tag(2, WireFormat.WIRETYPE_VARINT);
      at = putVarint(b, at, attempt & 0xFFFF_FFFFL);
    }
    for (byte[] r : records) {
      b[at++] = (byte) tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      at = putVarint(b, at, r.length);
      System.arraycopy(r, 0, b, at, r.length);
      at += r.length;
    }
    if (at != b.length) {
      throw new IllegalStateException("an operation encoded into " + at + " of " + b.length);
    }
    return b;
  }

  /** {@link #element} for an {@code OpenRequest} of {@code kind}, written straight. */
  static byte[] openElement(long requestId, int kind) {
    int request = kind == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(kind);
    byte[] b = elementHead(requestId, OPEN, request);
    if (kind != 0) {
      int at = b.length - request;
      b[at++] = (byte) tag(1, WireFormat.WIRETYPE_VARINT);
      putVarint(b, at, kind & 0xFFFF_FFFFL);
    }
    return b;
  }

  /**
   * An element of an {@code OperationBatch} whose request (field {@code member}) is {@code request}
   * bytes long, with everything before the request's own bytes written: the element's tag and
   * length, the request id and the request's tag and length. The request's bytes go to the last
   * {@code request} bytes of the array.
   */
  private static byte[] elementHead(long requestId, int member, int request) {
    int op =
        (requestId == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(requestId))
            + 1
            + CodedOutputStream.computeUInt32SizeNoTag(request)
            + request;
    byte[] b = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(op) + op];
    int at = 0;
    b[at++] = (byte) tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    at = putVarint(b, at, op);
    if (requestId != 0) {
      b[at++] = (byte) tag(1, WireFormat.WIRETYPE_VARINT);
      at = putVarint(b, at, requestId);
    }
    b[at++] = (byte) tag(member, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    at = putVarint(b, at, request);
    if (at != b.length - request) {
      throw new IllegalStateException(
          "an element head of " + at + " bytes, expected " + (b.length - request));
    }
    return b;
  }

  /** Writes {@code v} as an unsigned varint at {@code at}; returns the position after it. */
  private static int putVarint(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  /** One result: the value of its reply (id, record count, due time, or 0), or an error. */
  static final class Result {
    long requestId;

    /** {@link #OPEN} ... {@link #STORE}, {@link #ERROR}, or 0 when the node named none. */
    int type;

    long value;
    int statusCode;
    String message = "";
    int errorCode;
  }

  /**
   * The results of one {@code ResultBatch} in reusable arrays: request id, type and value of each,
   * and a {@link Result} only for errors, so reading a message allocates nothing per successful
   * result. Owned by one thread (the transport thread that reads the call's messages).
   */
  static final class Decoded {
    int size;
    long[] ids = new long[64];
    int[] types = new int[64];
    long[] values = new long[64];
    Result[] errors = new Result[64];

    /** Forgets the results read last (drops the error objects). */
    void clear() {
      java.util.Arrays.fill(errors, 0, size, null);
      size = 0;
    }

    private void add(long requestId, int type, long value, Result error) {
      if (size == ids.length) {
        int n = size * 2;
        ids = java.util.Arrays.copyOf(ids, n);
        types = java.util.Arrays.copyOf(types, n);
        values = java.util.Arrays.copyOf(values, n);
        errors = java.util.Arrays.copyOf(errors, n);
      }
      ids[size] = requestId;
      types[size] = type;
      values[size] = value;
      errors[size] = error;
      size++;
    }
  }

  /** Decodes a {@code ResultBatch} into new {@link Result}s. */
  static List<Result> decode(byte[] bytes) throws IOException {
    Decoded d = new Decoded();
    decode(bytes, d);
    List<Result> results = new ArrayList<>(d.size);
    for (int i = 0; i < d.size; i++) {
      Result r = d.errors[i];
      if (r == null) {
        r = new Result();
        r.requestId = d.ids[i];
        r.type = d.types[i];
        r.value = d.values[i];
      }
      results.add(r);
    }
    return results;
  }

  /**
   * Decodes a {@code ResultBatch} into {@code into} (cleared first); on an error {@code into} holds
   * no result.
   */
  static void decode(byte[] bytes, Decoded into) throws IOException {
    into.clear();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    try {
      int tag;
      while ((tag = in.readTag()) != 0) {
        if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          int old = in.pushLimit(in.readRawVarint32());
          decodeResult(in, into);
          in.popLimit(old);
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      into.clear();
      throw e;
    }
  }

  private static void decodeResult(CodedInputStream in, Decoded into) throws IOException {
    long requestId = 0;
    int type = 0;
    long value = 0;
    Result error = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
        requestId = in.readUInt64();
      } else if (field >= OPEN
          && field <= ERROR
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        if (type != field) { // another member of the oneof: forget the previous one
          type = field;
          value = 0;
          error = field == ERROR ? new Result() : null;
        }
        int old = in.pushLimit(in.readRawVarint32());
        if (error != null) {
          decodeError(in, error);
        } else {
          value = decodeValue(in, value);
        }
        in.popLimit(old);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    if (error != null) {
      error.requestId = requestId;
      error.type = ERROR;
    }
    into.add(requestId, type, value, error);
  }

  /** Reads a reply message: its field 1 (id, record count or due time), else {@code value}. */
  private static long decodeValue(CodedInputStream in, long value) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
        value = in.readUInt64();
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return value;
  }

  /** Reads an {@code OpError} (merging into what an earlier occurrence set, as protobuf does). */
  private static void decodeError(CodedInputStream in, Result r) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
        r.statusCode = in.readUInt32();
      } else if (field == 2 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        r.message = in.readStringRequireUtf8();
      } else if (field == 3 && wireType == WireFormat.WIRETYPE_VARINT) {
        r.errorCode = in.readEnum();
      } else if (!in.skipField(tag)) {
        break;
      }
    }
  }

  /** Sends operation batches as their bytes; the client never reads one. */
  private static final class Batches implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new MessageBytes(value, value.length);
    }

    @Override
    public byte[] parse(InputStream stream) {
      throw new UnsupportedOperationException("the client does not read operations");
    }
  }

  /**
   * Reads result batches as their bytes (decoded by the reader with {@link #decode(byte[],
   * Decoded)}); the client never sends one.
   */
  private static final class Results implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      throw new UnsupportedOperationException("the client does not send results");
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return MessageBytes.read(stream);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("could not read a ResultBatch: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
