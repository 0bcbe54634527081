package io.sluice.systests.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import io.pravega.client.stream.Transaction;
import io.pravega.client.stream.TransactionalEventStreamWriter;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance point 7: transactions commit, abort and time out. */
class TransactionsIT {
  private static NodeFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = NodeFixture.start();
    try (StreamManager sm = StreamManager.create(fixture.clientConfig())) {
      sm.createScope("tx");
      sm.createStream(
          "tx", "st", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(2)).build());
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void commitAbortAndLeaseTimeout() throws Exception {
    try (EventStreamClientFactory f =
        EventStreamClientFactory.withScope("tx", fixture.clientConfig())) {
      try (TransactionalEventStreamWriter<String> w =
          f.createTransactionalEventWriter(
              "tw", "st", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
        Transaction<String> committed = w.beginTxn();
        for (int i = 0; i < 10; i++) {
          committed.writeEvent("k" + i, "c" + i);
        }
        Transaction<String> aborted = w.beginTxn();
        aborted.writeEvent("k", "aborted");
        aborted.flush();
        committed.commit();
        aborted.abort();
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> committed.checkStatus() == Transaction.Status.COMMITTED);
        assertThat(aborted.checkStatus()).isEqualTo(Transaction.Status.ABORTED);
      }
      Transaction<String> lapsed;
      TransactionalEventStreamWriter<String> w2 =
          f.createTransactionalEventWriter(
              "tw2",
              "st",
              new UTF8StringSerializer(),
              EventWriterConfig.builder().transactionTimeoutTime(10_000).build());
      lapsed = w2.beginTxn();
      lapsed.writeEvent("k", "lapsed");
      lapsed.flush();
      w2.close(); // stops the client's lease pings
      Awaitility.await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> lapsed.checkStatus() == Transaction.Status.ABORTED);

      try (ReaderGroupManager rgm = ReaderGroupManager.withScope("tx", fixture.clientConfig())) {
        rgm.createReaderGroup("g", ReaderGroupConfig.builder().stream("tx/st").build());
      }
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      try (EventStreamReader<String> r =
          f.createReader("r", "g", new UTF8StringSerializer(), ReaderConfig.builder().build())) {
        Readers.drain(List.of(r), seen, 10, Duration.ofSeconds(20));
        assertThat(r.readNextEvent(500).getEvent()).isNull();
      }
      assertThat(seen)
          .containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
    }
  }
}
