package io.sluice.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.internal.OperateCodec.Op;
import io.sluice.sessions.internal.OperateCodec.Results;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.ErrorCode;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.Operation;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.OperationResult;
import io.sluice.sessions.v1.ReplaceRequest;
import io.sluice.sessions.v1.ResultBatch;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.StoreRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written Operate codec reads and writes exactly what the generated protobuf code does.
 */
class OperateCodecTest {
  private static SessionRef ref(long id, int attempt) {
    return SessionRef.newBuilder().setId(id).setAttempt(attempt).build();
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  @Test
  void decodesEveryOperationAsTheGeneratedCodeEncodesIt() throws IOException {
    OperationBatch batch =
        OperationBatch.newBuilder()
            .addOperations(
                Operation.newBuilder().setRequestId(1).setOpen(OpenRequest.newBuilder().setKind(7)))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(Long.MAX_VALUE)
                    .setAppend(
                        AppendRequest.newBuilder()
                            .setSession(ref(42, 3))
                            .addRecords(ByteString.copyFromUtf8("a"))
                            .addRecords(ByteString.copyFromUtf8("bcd"))))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(3)
                    .setReplace(
                        ReplaceRequest.newBuilder()
                            .setSession(ref(43, 0))
                            .setRecord(ByteString.copyFromUtf8("xyz"))))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(4)
                    .setDelete(DeleteRequest.newBuilder().setSession(ref(44, 0))))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(5)
                    .setStore(StoreRequest.newBuilder().setSession(ref(45, 2)).setTimeoutMillis(0)))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(6)
                    .setStore(StoreRequest.newBuilder().setSession(ref(46, 0))))
            .addOperations(Operation.newBuilder().setRequestId(7))
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(8)
                    .setDelete(DeleteRequest.getDefaultInstance())
                    .setUnknownFields(
                        UnknownFieldSet.newBuilder()
                            .addField(
                                99,
                                UnknownFieldSet.Field.newBuilder()
                                    .addLengthDelimited(ByteString.copyFromUtf8("later"))
                                    .build())
                            .build()))
            .build();
    List<Op> ops = OperateCodec.decodeBatch(batch.toByteArray());
    assertThat(ops).hasSize(8);
    assertThat(ops.get(0).requestId).isEqualTo(1);
    assertThat(ops.get(0).type).isEqualTo(OperateCodec.OPEN);
    assertThat(ops.get(0).kind).isEqualTo(7);
    Op append = ops.get(1);
    assertThat(append.requestId).isEqualTo(Long.MAX_VALUE);
    assertThat(append.type).isEqualTo(OperateCodec.APPEND);
    assertThat(append.hasSession).isTrue();
    assertThat(append.sessionId).isEqualTo(42);
    assertThat(append.attempt).isEqualTo(3);
    assertThat(append.records).extracting(OperateCodecTest::text).containsExactly("a", "bcd");
    assertThat(ops.get(2).type).isEqualTo(OperateCodec.REPLACE);
    assertThat(text(ops.get(2).record)).isEqualTo("xyz");
    assertThat(ops.get(3).type).isEqualTo(OperateCodec.DELETE);
    assertThat(ops.get(3).sessionId).isEqualTo(44);
    assertThat(ops.get(4).hasTimeout).isTrue();
    assertThat(ops.get(4).timeoutMillis).isZero();
    assertThat(ops.get(4).attempt).isEqualTo(2);
    assertThat(ops.get(5).hasTimeout).isFalse();
    assertThat(ops.get(6).type).isZero();
    assertThat(ops.get(7).type).isEqualTo(OperateCodec.DELETE);
    assertThat(ops.get(7).hasSession).isFalse();
  }

  @Test
  void refusesATruncatedOrOverlongBatch() {
    byte[] good =
        OperationBatch.newBuilder()
            .addOperations(
                Operation.newBuilder()
                    .setRequestId(1)
                    .setAppend(
                        AppendRequest.newBuilder()
                            .setSession(ref(1, 0))
                            .addRecords(ByteString.copyFrom(new byte[100]))))
            .build()
            .toByteArray();
    for (int cut = 1; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> OperateCodec.decodeBatch(truncated)).isInstanceOf(IOException.class);
    }
    // a record length claiming more than the message holds
    byte[] bad = {0x0A, 0x06, 0x1A, 0x04, 0x12, 0x7F, 0x00, 0x00};
    assertThatThrownBy(() -> OperateCodec.decodeBatch(bad)).isInstanceOf(IOException.class);
  }

  @Test
  void encodesResultsThatTheGeneratedCodeReads() throws IOException {
    Results r = Results.create();
    r.ok(1, OperateCodec.OPEN, 123456789L);
    r.ok(2, OperateCodec.APPEND, 2);
    r.ok(3, OperateCodec.REPLACE, 0);
    r.ok(Long.MAX_VALUE, OperateCodec.DELETE, 0);
    r.ok(5, OperateCodec.STORE, 1_800_000_000_000L);
    r.error(6, SessionsError.SESSION_FINISHED, "session 9 is finished (deleted) é");
    r.error(0, SessionsError.BAD_REQUEST, null);
    List<Results> messages = r.take();
    assertThat(messages).hasSize(1);
    assertThat(r.isEmpty()).isTrue();
    ResultBatch batch =
        ResultBatch.parseFrom(
            OperateCodec.METHOD.getResponseMarshaller().stream(messages.get(0)).readAllBytes());
    List<OperationResult> results = batch.getResultsList();
    assertThat(results).hasSize(7);
    assertThat(results.get(0).getOpen().getId()).isEqualTo(123456789L);
    assertThat(results.get(1).getAppend().getRecordCount()).isEqualTo(2);
    assertThat(results.get(2).hasReplace()).isTrue();
    assertThat(results.get(3).getRequestId()).isEqualTo(Long.MAX_VALUE);
    assertThat(results.get(3).hasDelete()).isTrue();
    assertThat(results.get(4).getStore().getDueAtMillis()).isEqualTo(1_800_000_000_000L);
    OperationResult failed = results.get(5);
    assertThat(failed.getRequestId()).isEqualTo(6);
    assertThat(failed.getError().getCode()).isEqualTo(ErrorCode.SESSION_FINISHED);
    assertThat(failed.getError().getStatusCode())
        .isEqualTo(SessionsError.SESSION_FINISHED.statusCode().value());
    assertThat(failed.getError().getMessage()).isEqualTo("session 9 is finished (deleted) é");
    assertThat(results.get(6).getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(results.get(6).getError().getMessage()).isEmpty();
    // byte for byte what the generated code writes
    ResultBatch.Builder expected = ResultBatch.newBuilder();
    results.forEach(expected::addResults);
    assertThat(OperateCodec.METHOD.getResponseMarshaller().stream(messages.get(0)).readAllBytes())
        .isEqualTo(expected.build().toByteArray());
  }

  @Test
  void splitsLargeResultBatchesIntoMessages() throws IOException {
    Results r = Results.create();
    String message = "x".repeat(1000);
    int n = 3 * Results.MAX_MESSAGE_BYTES / 1000;
    for (int i = 1; i <= n; i++) {
      r.error(i, SessionsError.OVERLOADED, message);
    }
    List<Results> messages = r.take();
    assertThat(messages.size()).isGreaterThan(2);
    long next = 1;
    for (Results m : messages) {
      assertThat(m.size()).isLessThanOrEqualTo(Results.MAX_MESSAGE_BYTES);
      for (OperationResult res :
          ResultBatch.parseFrom(
                  OperateCodec.METHOD.getResponseMarshaller().stream(m).readAllBytes())
              .getResultsList()) {
        assertThat(res.getRequestId()).isEqualTo(next++);
      }
    }
    assertThat(next).isEqualTo(n + 1);
  }
}
