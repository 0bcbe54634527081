package io.sluice.sessions.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.sessions.v1.OperationBatch;
import io.sluice.sessions.v1.ResultBatch;
import io.sluice.sessions.v1.SessionsGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Operations over the {@code Operate} stream fail with {@link SessionsError#TRANSPORT} ({@code
 * DEADLINE_EXCEEDED}) once their call timeout passes without a result, both when the client owns
 * its connection (the deadline sweep runs on its event loop) and over a caller's channel (a shared
 * sweep thread).
 */
class OperationDeadlineTest {
  /** A node that takes operations and never answers them. */
  private static final class Silent extends SessionsGrpc.SessionsImplBase {
    @Override
    public StreamObserver<OperationBatch> operate(StreamObserver<ResultBatch> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(OperationBatch batch) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          out.onCompleted();
        }
      };
    }
  }

  private static void assertTimesOut(SessionsClient client) {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> client.open(1))
        .isInstanceOfSatisfying(
            SessionsException.class,
            e -> {
              assertThat(e.error()).isEqualTo(SessionsError.TRANSPORT);
              assertThat(e.getMessage())
                  .contains(Status.Code.DEADLINE_EXCEEDED.name())
                  .contains("within PT0.3S");
            });
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(millis).isBetween(250L, 10_000L);
  }

  @Test
  void anOperationWithoutAnswerTimesOutOnAClientsOwnConnection() throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Silent())
            .build()
            .start();
    try (SessionsClient client =
        SessionsClient.connect("127.0.0.1", server.getPort(), Duration.ofMillis(300))) {
      assertTimesOut(client);
      assertTimesOut(client); // the sweep restarts after it stopped with nothing waiting
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void anOperationWithoutAnswerTimesOutOverACallersChannel() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server server =
        InProcessServerBuilder.forName(name).directExecutor().addService(new Silent()).build();
    server.start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try (SessionsClient client = SessionsClient.over(channel)) {
      assertTimesOut(client.withCallTimeout(Duration.ofMillis(300)));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
