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
  static final MethodDescriptor<byte[], List<Result>> METHOD =
      SessionsGrpc.getOperateMethod().toBuilder(new Batches(), new Results()).build();

  /**
   * One operation as an element of {@code OperationBatch.operations}: the field key, the length,
   * then an {@code Operation} with {@code requestId} and {@code request} as its member {@code
   * member} ({@link #OPEN} ... {@link #STORE}).
   */
  static byte[] element(long requestId, int member, MessageLite request) {
    int requestSize = request.getSerializedSize();
    int op =
        (requestId == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(requestId))
            + 1
            + CodedOutputStream.computeUInt32SizeNoTag(requestSize)
            + requestSize;
    byte[] b = new byte[1 + CodedOutputStream.computeUInt32SizeNoTag(op) + op];
    CodedOutputStream out = CodedOutputStream.newInstance(b);
    try {
      out.writeUInt32NoTag(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      out.writeUInt32NoTag(op);
      if (requestId != 0) {
        out.writeUInt64(1, requestId);
      }
      out.writeUInt32NoTag(tag(member, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      out.writeUInt32NoTag(requestSize);
      request.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding an operation into its exact size failed", e);
    }
    return b;
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

  /** Decodes a {@code ResultBatch}. */
  static List<Result> decode(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<Result> results = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int old = in.pushLimit(in.readRawVarint32());
        results.add(decodeResult(in));
        in.popLimit(old);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return results;
  }

  private static Result decodeResult(CodedInputStream in) throws IOException {
    Result r = new Result();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
        r.requestId = in.readUInt64();
      } else if (field >= OPEN
          && field <= ERROR
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        if (r.type != field) {
          r.type = field;
          r.value = 0;
          r.statusCode = 0;
          r.message = "";
          r.errorCode = 0;
        }
        int old = in.pushLimit(in.readRawVarint32());
        decodeReply(in, r);
        in.popLimit(old);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return r;
  }

  private static void decodeReply(CodedInputStream in, Result r) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (r.type == ERROR) {
        if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
          r.statusCode = in.readUInt32();
          continue;
        }
        if (field == 2 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          r.message = in.readStringRequireUtf8();
          continue;
        }
        if (field == 3 && wireType == WireFormat.WIRETYPE_VARINT) {
          r.errorCode = in.readEnum();
          continue;
        }
      } else if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
        r.value = in.readUInt64();
        continue;
      }
      if (!in.skipField(tag)) {
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

  /** Reads result batches; the client never sends one. */
  private static final class Results implements MethodDescriptor.Marshaller<List<Result>> {
    @Override
    public InputStream stream(List<Result> value) {
      throw new UnsupportedOperationException("the client does not send results");
    }

    @Override
    public List<Result> parse(InputStream stream) {
      try {
        return decode(stream.readAllBytes());
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("invalid ResultBatch: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }
}
