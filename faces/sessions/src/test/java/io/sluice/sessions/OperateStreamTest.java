package io.sluice.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.sessions.client.SessionsException;
import io.sluice.sessions.testing.FaceFixture;
import io.sluice.sessions.testing.TestClock;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.ErrorCode;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.Operation;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.OperationResult;
import io.sluice.sessions.v1.ResultBatch;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.SessionsGrpc;
import io.sluice.sessions.v1.StoreRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code Operate} stream: many operations over one call, errors per operation. */
class OperateStreamTest {
  @TempDir Path dir;
  FaceFixture f;

  @BeforeEach
  void start() {
    f = new FaceFixture(dir, new TestClock(1_000_000), FaceFixture.smallOptions().build());
    f.client.defineKind(KindSpec.of(7, Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  static ByteString b(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  /** A raw Operate call collecting results by request id. */
  static final class RawCall implements StreamObserver<ResultBatch> {
    final Map<Long, OperationResult> results = new ConcurrentHashMap<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicReference<Throwable> error = new AtomicReference<>();
    StreamObserver<OperationBatch> requests;

    @Override
    public void onNext(ResultBatch batch) {
      batch.getResultsList().forEach(r -> results.put(r.getRequestId(), r));
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      ended.countDown();
    }

    OperationResult await(long id) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!results.containsKey(id) && System.nanoTime() < deadline) {
        if (ended.await(5, TimeUnit.MILLISECONDS) && !results.containsKey(id)) {
          throw new AssertionError("stream ended before result " + id, error.get());
        }
      }
      assertThat(results).containsKey(id);
      return results.get(id);
    }
  }

  private static Operation op(long id, Operation.Builder b) {
    return b.setRequestId(id).build();
  }

  private static SessionRef ref(long id) {
    return SessionRef.newBuilder().setId(id).build();
  }

  @Test
  void badOperationsGetErrorResultsAndTheStreamKeepsWorking() throws Exception {
    RawCall call = new RawCall();
    call.requests = SessionsGrpc.newStub(f.client.channel()).operate(call);
    call.requests.onNext(
        OperationBatch.newBuilder()
            .addOperations(
                op(1, Operation.newBuilder().setOpen(OpenRequest.newBuilder().setKind(7))))
            .addOperations(
                op(2, Operation.newBuilder().setOpen(OpenRequest.newBuilder().setKind(4242))))
            .addOperations(op(3, Operation.newBuilder().setAppend(AppendRequest.newBuilder())))
            .addOperations(op(4, Operation.newBuilder()))
            .addOperations(
                op(
                    5,
                    Operation.newBuilder()
                        .setAppend(
                            AppendRequest.newBuilder()
                                .setSession(ref(99_999_999))
                                .addRecords(b("x")))))
            .addOperations(
                op(
                    6,
                    Operation.newBuilder()
                        .setStore(
                            StoreRequest.newBuilder().setSession(ref(1)).setTimeoutMillis(-5))))
            .build());
    OperationResult opened = call.await(1);
    assertThat(opened.hasOpen()).isTrue();
    long id = opened.getOpen().getId();
    assertThat(call.await(2).getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_KIND);
    assertThat(call.await(2).getError().getStatusCode()).isEqualTo(Status.Code.NOT_FOUND.value());
    assertThat(call.await(3).getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(call.await(3).getError().getStatusCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(call.await(4).getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(call.await(5).getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(call.await(6).getError().getCode()).isEqualTo(ErrorCode.BAD_REQUEST);

    // the same stream goes on serving
    call.requests.onNext(
        OperationBatch.newBuilder()
            .addOperations(
                op(
                    7,
                    Operation.newBuilder()
                        .setAppend(
                            AppendRequest.newBuilder().setSession(ref(id)).addRecords(b("a")))))
            .addOperations(
                op(
                    8,
                    Operation.newBuilder()
                        .setAppend(
                            AppendRequest.newBuilder().setSession(ref(id)).addRecords(b("b")))))
            .addOperations(
                op(
                    9,
                    Operation.newBuilder()
                        .setDelete(DeleteRequest.newBuilder().setSession(ref(id)))))
            .build());
    assertThat(call.await(7).getAppend().getRecordCount()).isEqualTo(1);
    assertThat(call.await(8).getAppend().getRecordCount()).isEqualTo(2);
    assertThat(call.await(9).hasDelete()).isTrue();

    // half-closing ends the stream once everything is answered
    call.requests.onCompleted();
    assertThat(call.ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(call.error.get()).isNull();
  }

  @Test
  void theRecordsOfOneBatchAreOneStorageAppendAndSurviveARestart() throws Exception {
    long id = f.client.open(7).id();
    RawCall call = new RawCall();
    call.requests = SessionsGrpc.newStub(f.client.channel()).operate(call);
    OperationBatch.Builder batch = OperationBatch.newBuilder();
    for (int i = 1; i <= 10; i++) {
      batch.addOperations(
          op(
              i,
              Operation.newBuilder()
                  .setAppend(
                      AppendRequest.newBuilder().setSession(ref(id)).addRecords(b("r" + i)))));
    }
    long appendsBefore = f.storage.stats().walRecords();
    call.requests.onNext(batch.build());
    for (int i = 1; i <= 10; i++) {
      assertThat(call.await(i).getAppend().getRecordCount()).isEqualTo(i);
    }
    // ten session log records, one engine append (nothing else writes to the engine meanwhile)
    assertThat(f.storage.stats().walRecords() - appendsBefore).isEqualTo(1);
    call.requests.onCompleted();
    assertThat(call.ended.await(10, TimeUnit.SECONDS)).isTrue();

    f.restart();
    List<String> records =
        f.client.get(id, true).records().stream()
            .map(r -> new String(r, StandardCharsets.UTF_8))
            .toList();
    assertThat(records)
        .containsExactly("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10");
  }

  @Test
  void aClientThatDoesNotReadResultsIsHeldBackByFlowControl() throws Exception {
    int batches = 40;
    int perBatch = 1000;
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    AtomicReference<io.grpc.stub.ClientCallStreamObserver<OperationBatch>> call =
        new AtomicReference<>();
    io.grpc.stub.ClientResponseObserver<OperationBatch, ResultBatch> reader =
        new io.grpc.stub.ClientResponseObserver<>() {
          @Override
          public void beforeStart(io.grpc.stub.ClientCallStreamObserver<OperationBatch> s) {
            s.disableAutoRequestWithInitial(0); // reads nothing until told
            call.set(s);
          }

          @Override
          public void onNext(ResultBatch b) {
            received.addAndGet(b.getResultsCount());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        };
    // a fixed HTTP/2 window (no auto-tuning), so what the transport buffers is bounded
    io.grpc.ManagedChannel channel =
        io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", f.face.port())
            .usePlaintext()
            .flowControlWindow(65_535)
            .build();
    StreamObserver<OperationBatch> requests = SessionsGrpc.newStub(channel).operate(reader);
    long id = 0;
    for (int b = 0; b < batches; b++) {
      OperationBatch.Builder batch = OperationBatch.newBuilder();
      for (int i = 0; i < perBatch; i++) {
        batch.addOperations(
            op(++id, Operation.newBuilder().setOpen(OpenRequest.newBuilder().setKind(7))));
      }
      requests.onNext(batch.build());
    }
    // results nobody reads: the node stops taking batches well before all 40,000 operations
    // (here about 19,000: the HTTP/2 window and gRPC's buffers hold ~15,000 small results, and
    // at most OperateCall.MAX_OUTSTANDING = 4096 more are in flight)
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(20))
        .until(() -> f.face.stats().liveSessions() < 30_000);
    assertThat(received.get()).isZero();
    call.get().request(Integer.MAX_VALUE);
    await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == batches * perBatch);
    requests.onCompleted();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void streamAndUnaryCallsGiveTheSameErrors() {
    SessionsClient unary = f.client.withUnaryOperations();
    Session s = f.client.open(7);
    s.delete();
    List<String> messages = new ArrayList<>();
    for (SessionsClient c : List.of(f.client, unary)) {
      try {
        c.session(s.id()).append("y".getBytes(StandardCharsets.UTF_8));
        throw new AssertionError("append to a deleted session succeeded");
      } catch (SessionsException e) {
        messages.add(e.getMessage());
      }
      try {
        c.open(4242);
        throw new AssertionError("open of an unknown kind succeeded");
      } catch (SessionsException e) {
        messages.add(e.getMessage());
      }
    }
    assertThat(messages.get(0)).isEqualTo(messages.get(2)).contains("SESSION_FINISHED");
    assertThat(messages.get(1)).isEqualTo(messages.get(3)).contains("UNKNOWN_KIND (NOT_FOUND)");
  }

  @Test
  void manyThreadsShareOneStream() throws Exception {
    manyThreadsShare(f.client, 0);
  }

  /** A client over a caller's channel: its callers send the batches themselves. */
  @Test
  void manyThreadsShareOneStreamOverACallersChannel() throws Exception {
    try (SessionsClient over = SessionsClient.over(f.client.channel())) {
      manyThreadsShare(over, 0);
    }
  }

  private void manyThreadsShare(SessionsClient client, long storedBefore) throws Exception {
    int threads = 32;
    int perThread = 20;
    List<Thread> started = new ArrayList<>();
    Map<Long, Integer> counts = new ConcurrentHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < threads; t++) {
      started.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < perThread; i++) {
                        Session s = client.open(7);
                        s.append("a".getBytes(StandardCharsets.UTF_8));
                        int n = s.append("b".getBytes(StandardCharsets.UTF_8));
                        counts.put(s.id(), n);
                        if (i % 2 == 0) {
                          s.delete();
                        } else {
                          s.store(Duration.ofHours(1));
                        }
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread t : started) {
      t.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(counts).hasSize(threads * perThread);
    assertThat(counts.values()).containsOnly(2);
    assertThat(f.face.stats().storedSessions()).isEqualTo(storedBefore + threads * perThread / 2);
  }
}
