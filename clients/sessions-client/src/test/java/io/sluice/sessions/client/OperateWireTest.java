package io.sluice.sessions.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.sluice.sessions.v1.AppendReply;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DeleteReply;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.ErrorCode;
import io.sluice.sessions.v1.OpError;
import io.sluice.sessions.v1.OpenReply;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.Operation;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.OperationResult;
import io.sluice.sessions.v1.ResultBatch;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.StoreReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's hand-written Operate codec writes and reads what the generated code does. */
class OperateWireTest {
  @Test
  void operationsAreTheBytesOfTheGeneratedBatch() throws IOException {
    AppendRequest append =
        AppendRequest.newBuilder()
            .setSession(SessionRef.newBuilder().setId(42).setAttempt(2))
            .addRecords(ByteString.copyFrom(new byte[300]))
            .build();
    OpenRequest open = OpenRequest.newBuilder().setKind(7).build();
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    concatenated.write(OperateWire.element(1, OperateWire.OPEN, open));
    concatenated.write(OperateWire.element(Long.MAX_VALUE, OperateWire.APPEND, append));
    OperationBatch expected =
        OperationBatch.newBuilder()
            .addOperations(Operation.newBuilder().setRequestId(1).setOpen(open))
            .addOperations(Operation.newBuilder().setRequestId(Long.MAX_VALUE).setAppend(append))
            .build();
    assertThat(concatenated.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void operationsWrittenFromTheirFieldsAreTheBytesOfTheGeneratedOnes() {
    byte[][] records = {new byte[0], new byte[5], new byte[200]};
    records[1][2] = 7;
    for (long requestId : new long[] {0, 1, 300, Long.MAX_VALUE}) {
      for (long sessionId : new long[] {0, 5, 1L << 40, -1}) {
        for (int attempt : new int[] {0, 3, -1}) {
          SessionRef ref = SessionRef.newBuilder().setId(sessionId).setAttempt(attempt).build();
          AppendRequest.Builder append = AppendRequest.newBuilder().setSession(ref);
          for (byte[] r : records) {
            append.addRecords(ByteString.copyFrom(r));
          }
          assertThat(
                  OperateWire.sessionElement(
                      requestId, OperateWire.APPEND, sessionId, attempt, records))
              .isEqualTo(OperateWire.element(requestId, OperateWire.APPEND, append.build()));
          assertThat(
                  OperateWire.sessionElement(
                      requestId, OperateWire.DELETE, sessionId, attempt, new byte[0][]))
              .isEqualTo(
                  OperateWire.element(
                      requestId,
                      OperateWire.DELETE,
                      DeleteRequest.newBuilder().setSession(ref).build()));
          assertThat(OperateWire.sessionRequestSize(sessionId, attempt, records))
              .isEqualTo(append.build().getSerializedSize());
        }
      }
      for (int kind : new int[] {0, 1, 200, -1}) {
        assertThat(OperateWire.openElement(requestId, kind))
            .isEqualTo(
                OperateWire.element(
                    requestId, OperateWire.OPEN, OpenRequest.newBuilder().setKind(kind).build()));
      }
    }
  }

  @Test
  void readsResultsAsTheGeneratedCodeWritesThem() throws IOException {
    ResultBatch batch =
        ResultBatch.newBuilder()
            .addResults(
                OperationResult.newBuilder()
                    .setRequestId(1)
                    .setOpen(OpenReply.newBuilder().setId(99)))
            .addResults(
                OperationResult.newBuilder()
                    .setRequestId(2)
                    .setAppend(AppendReply.newBuilder().setRecordCount(3)))
            .addResults(
                OperationResult.newBuilder()
                    .setRequestId(3)
                    .setDelete(DeleteReply.getDefaultInstance()))
            .addResults(
                OperationResult.newBuilder()
                    .setRequestId(4)
                    .setStore(StoreReply.newBuilder().setDueAtMillis(1_800_000_000_000L)))
            .addResults(
                OperationResult.newBuilder()
                    .setRequestId(5)
                    .setError(
                        OpError.newBuilder()
                            .setStatusCode(5)
                            .setMessage("no session 7 was ever opened")
                            .setCode(ErrorCode.UNKNOWN_SESSION)))
            .build();
    List<OperateWire.Result> results = OperateWire.decode(batch.toByteArray());
    assertThat(results).extracting(r -> r.requestId).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(results)
        .extracting(r -> r.type)
        .containsExactly(
            OperateWire.OPEN,
            OperateWire.APPEND,
            OperateWire.DELETE,
            OperateWire.STORE,
            OperateWire.ERROR);
    assertThat(results)
        .extracting(r -> r.value)
        .containsExactly(99L, 3L, 0L, 1_800_000_000_000L, 0L);
    OperateWire.Result error = results.get(4);
    assertThat(error.statusCode).isEqualTo(5);
    assertThat(error.message).isEqualTo("no session 7 was ever opened");
    assertThat(error.errorCode).isEqualTo(ErrorCode.UNKNOWN_SESSION.getNumber());
    byte[] bytes = batch.toByteArray();
    // a cut inside an element is refused; a cut between elements is a shorter, valid batch
    for (int cut = 1; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      List<OperateWire.Result> prefix;
      try {
        prefix = OperateWire.decode(truncated);
      } catch (IOException e) {
        continue;
      }
      assertThat(prefix.size()).isLessThan(results.size());
      assertThat(prefix)
          .extracting(r -> r.requestId)
          .isEqualTo(results.subList(0, prefix.size()).stream().map(r -> r.requestId).toList());
    }
    assertThatThrownBy(() -> OperateWire.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IOException.class);
  }
}
