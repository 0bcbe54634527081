package io.sluice.sessions.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.ErrorCode;
import io.sluice.sessions.v1.SessionsGrpc;
import io.sluice.sessions.wire.MessageBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's side of the {@code Operate} stream, encoded and decoded by hand: an {@code
 * OperationBatch} is read straight into {@link Op}s (record bytes are slices of the message, not
 * copies) and results are written straight into the bytes of a {@code ResultBatch}, without a
 * protobuf message object or builder per operation. The bytes on the wire are exactly those of the
 * messages in {@code sluice/sessions/v1/sessions.proto} (the field numbers below are theirs), so
 * any protobuf client works unchanged; unknown fields are skipped, as protobuf does, and the
 * compatibility rule of the proto (new fields only, at the end) keeps this in step. Every length is
 * checked against the bytes that remain before it is used. Stateless; thread-safe.
 */
final class OperateCodec {
  private OperateCodec() {}

  // Operation fields; the oneof members are also the operation types of an Op
  private static final int REQUEST_ID = 1;
  static final int OPEN = 2;
  static final int APPEND = 3;
  static final int REPLACE = 4;
  static final int DELETE = 5;
  static final int STORE = 6;

  // OperationResult's error member
  private static final int ERROR = 7;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** The key of field {@code field} with wire type {@code wireType}. */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  /** One decoded operation; only the fields of its type are set. */
  static final class Op {
    long requestId;

    /** {@link #OPEN} ... {@link #STORE}, or 0 when the operation names none. */
    int type;

    int kind;
    boolean hasSession;
    long sessionId;
    int attempt;
    List<ByteBuffer> records = List.of();
    ByteBuffer record = EMPTY;
    boolean hasTimeout;
    long timeoutMillis;

    /** Switches to another oneof member: forgets the fields of the previous one. */
    void become(int newType) {
      if (type != newType) {
        type = newType;
        kind = 0;
        hasSession = false;
        sessionId = 0;
        attempt = 0;
        records = List.of();
        record = EMPTY;
        hasTimeout = false;
        timeoutMillis = 0;
      }
    }
  }

  /** The {@code Operate} method with this codec on both directions (node side only). */
  static final MethodDescriptor<List<Op>, Results> METHOD =
      SessionsGrpc.getOperateMethod().toBuilder(new Requests(), new ResultsMarshaller()).build();

  /** Decodes an {@code OperationBatch}. */
  static List<Op> decodeBatch(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<Op> ops = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int old = in.pushLimit(in.readRawVarint32());
        ops.add(decodeOp(in, bytes));
        in.popLimit(old);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return ops;
  }

  private static Op decodeOp(CodedInputStream in, byte[] bytes) throws IOException {
    Op op = new Op();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (field == REQUEST_ID && wireType == WireFormat.WIRETYPE_VARINT) {
        op.requestId = in.readUInt64();
      } else if (field >= OPEN
          && field <= STORE
          && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        op.become(field);
        int old = in.pushLimit(in.readRawVarint32());
        decodeRequest(in, bytes, op);
        in.popLimit(old);
      } else if (!in.skipField(tag)) {
        break;
      }
    }
    return op;
  }

  /** Reads one of OpenRequest, AppendRequest, ReplaceRequest, DeleteRequest, StoreRequest. */
  private static void decodeRequest(CodedInputStream in, byte[] bytes, Op op) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (op.type == OPEN) {
        if (field == 1 && wireType == WireFormat.WIRETYPE_VARINT) {
          op.kind = in.readUInt32();
          continue;
        }
      } else if (field == 1 && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        op.hasSession = true;
        int old = in.pushLimit(in.readRawVarint32());
        decodeRef(in, op);
        in.popLimit(old);
        continue;
      } else if (field == 2) {
        if (op.type == APPEND && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          if (op.records.isEmpty()) {
            op.records = new ArrayList<>(2);
          }
          op.records.add(slice(in, bytes));
          continue;
        }
        if (op.type == REPLACE && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          op.record = slice(in, bytes);
          continue;
        }
        if (op.type == STORE && wireType == WireFormat.WIRETYPE_VARINT) {
          op.hasTimeout = true;
          op.timeoutMillis = in.readUInt64();
          continue;
        }
      }
      if (!in.skipField(tag)) {
        break;
      }
    }
  }

  /** Reads a SessionRef (merging into what an earlier occurrence set, as protobuf does). */
  private static void decodeRef(CodedInputStream in, Op op) throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
        op.sessionId = in.readUInt64();
      } else if (tag == tag(2, WireFormat.WIRETYPE_VARINT)) {
        op.attempt = in.readUInt32();
      } else if (!in.skipField(tag)) {
        break;
      }
    }
  }

  /** A length-delimited bytes field as a slice of the message (checked against what remains). */
  private static ByteBuffer slice(CodedInputStream in, byte[] bytes) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0 || length > in.getBytesUntilLimit()) {
      throw new IOException("a bytes field of " + length + " bytes overruns its message");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, in.getTotalBytesRead(), length).slice();
    in.skipRawBytes(length);
    return b;
  }

  /**
   * Encoded {@code OperationResult}s, appended one by one as elements of a {@code ResultBatch};
   * {@link #take} hands the bytes so far over as whole messages. Thread-safe (results come from the
   * loop; a shutdown may add failures from another thread).
   */
  static final class Results {
    /** A message is closed once it holds this many bytes (the next result starts a new one). */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    private byte[] buf = new byte[256];
    private int len;
    private final List<Results> closed = new ArrayList<>();

    private Results() {}

    static Results create() {
      return new Results();
    }

    private Results(byte[] buf, int len) {
      this.buf = buf;
      this.len = len;
    }

    /** A successful result: the member {@code type} ({@link #OPEN} ...) with {@code value}. */
    synchronized void ok(long requestId, int type, long value) {
      // OpenReply.id, AppendReply.record_count, StoreReply.due_at_millis are all field 1 varints;
      // ReplaceReply and DeleteReply are empty
      int reply = value == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(value);
      int inner = idSize(requestId) + 1 + CodedOutputStream.computeUInt32SizeNoTag(reply) + reply;
      start(inner, requestId);
      put(tag(type, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      putVarint(reply);
      if (value != 0) {
        put(tag(1, WireFormat.WIRETYPE_VARINT));
        putVarint(value);
      }
    }

    /** A failed result: an {@code OpError} with the status, message and error code. */
    synchronized void error(long requestId, SessionsError error, String message) {
      int status = error.statusCode().value();
      byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
      int code = errorCode(error);
      int body =
          (status == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(status))
              + (text.length == 0
                  ? 0
                  : 1 + CodedOutputStream.computeUInt32SizeNoTag(text.length) + text.length)
              + (code == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(code));
      int inner = idSize(requestId) + 1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
      start(inner, requestId);
      put(tag(ERROR, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      putVarint(body);
      if (status != 0) {
        put(tag(1, WireFormat.WIRETYPE_VARINT));
        putVarint(status);
      }
      if (text.length != 0) {
        put(tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED));
        putVarint(text.length);
        ensure(text.length);
        System.arraycopy(text, 0, buf, len, text.length);
        len += text.length;
      }
      if (code != 0) {
        put(tag(3, WireFormat.WIRETYPE_VARINT));
        putVarint(code);
      }
    }

    /** The messages encoded so far (each a whole {@code ResultBatch}); empties this. */
    synchronized List<Results> take() {
      List<Results> out = new ArrayList<>(closed.size() + 1);
      out.addAll(closed);
      closed.clear();
      if (len > 0) {
        out.add(new Results(buf, len));
        buf = new byte[Math.min(Math.max(256, len), MAX_MESSAGE_BYTES)];
        len = 0;
      }
      return out;
    }

    synchronized boolean isEmpty() {
      return len == 0 && closed.isEmpty();
    }

    /** The encoded size of a message taken by {@link #take}. */
    int size() {
      return len;
    }

    private static int idSize(long requestId) {
      return requestId == 0 ? 0 : 1 + CodedOutputStream.computeUInt64SizeNoTag(requestId);
    }

    /** Starts a results element whose OperationResult is {@code inner} bytes long. */
    private void start(int inner, long requestId) {
      if (len > 0 && len + inner + 6 > MAX_MESSAGE_BYTES) {
        closed.add(new Results(buf, len));
        buf = new byte[256];
        len = 0;
      }
      put(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      putVarint(inner);
      if (requestId != 0) {
        put(tag(REQUEST_ID, WireFormat.WIRETYPE_VARINT));
        putVarint(requestId);
      }
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        byte[] b = new byte[Math.max(buf.length * 2, len + n)];
        System.arraycopy(buf, 0, b, 0, len);
        buf = b;
      }
    }

    private void put(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    private void putVarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    private static int errorCode(SessionsError error) {
      try {
        return ErrorCode.valueOf(error.name()).getNumber();
      } catch (IllegalArgumentException e) {
        return ErrorCode.ERROR_CODE_UNSPECIFIED.getNumber();
      }
    }
  }

  /** Reads operation batches; the node never sends one. */
  private static final class Requests implements MethodDescriptor.Marshaller<List<Op>> {
    @Override
    public InputStream stream(List<Op> value) {
      throw new UnsupportedOperationException("the node does not send operations");
    }

    @Override
    public List<Op> parse(InputStream stream) {
      try {
        return decodeBatch(MessageBytes.read(stream));
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("invalid OperationBatch: " + e.getMessage())
            .withCause(e)
            .asRuntimeException();
      }
    }
  }

  /** Sends result batches as their bytes; the node never reads one. */
  private static final class ResultsMarshaller implements MethodDescriptor.Marshaller<Results> {
    @Override
    public InputStream stream(Results value) {
      return new MessageBytes(value.buf, value.len);
    }

    @Override
    public Results parse(InputStream stream) {
      throw new UnsupportedOperationException("the node does not read results");
    }
  }
}
