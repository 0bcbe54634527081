package io.sluice.bench.pravega;

import io.pravega.client.stream.EventStreamWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code writers} writers on their own threads, each writing {@code eventsPerWriter} events of
 * {@code size} bytes as fast as the client lets it to its own segment of a stream with one segment
 * per writer, flushing at the end. Throughput is all events over the time from the common start to
 * the last acknowledgement; latency is each event's {@code writeEvent} call to its future
 * completing. Used from one thread (it starts and joins the writer threads).
 */
final class MultiWriterWorkload {
  /** Events per second and write latency percentiles in milliseconds. */
  record Result(double eventsPerSecond, double p50Millis, double p99Millis) {}

  private MultiWriterWorkload() {}

  static Result run(BenchClient client, String stream, int writers, int eventsPerWriter, int size)
      throws Exception {
    client.createStream(stream, writers);
    String[] keys = RoutingKeys.onePerSegment(writers);
    List<EventStreamWriter<byte[]>> ws = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ws.add(client.writer(stream));
    }
    long[][] latencies = new long[writers][eventsPerWriter];
    CountDownLatch acked = new CountDownLatch(writers * eventsPerWriter);
    AtomicLong failed = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(writers + 1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int w = i;
      Thread t =
          new Thread(
              () -> {
                byte[] payload = new byte[size];
                Arrays.fill(payload, (byte) w);
                long[] lat = latencies[w];
                EventStreamWriter<byte[]> writer = ws.get(w);
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int j = 0; j < eventsPerWriter; j++) {
                  int n = j;
                  long s = System.nanoTime();
                  writer
                      .writeEvent(keys[w], payload)
                      .whenComplete(
                          (v, e) -> {
                            lat[n] = System.nanoTime() - s;
                            if (e != null) {
                              failed.incrementAndGet();
                              firstError.compareAndSet(null, e);
                            }
                            acked.countDown();
                          });
                }
                writer.flush();
              },
              "bench-writer-" + w);
      threads.add(t);
      t.start();
    }
    start.await();
    long t0 = System.nanoTime();
    for (Thread t : threads) {
      t.join();
    }
    if (!acked.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(acked.getCount() + " writes never completed");
    }
    long t1 = System.nanoTime();
    ws.forEach(EventStreamWriter::close);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " writes failed", firstError.get());
    }
    long[] all = new long[writers * eventsPerWriter];
    for (int i = 0; i < writers; i++) {
      System.arraycopy(latencies[i], 0, all, i * eventsPerWriter, eventsPerWriter);
    }
    Arrays.sort(all);
    return new Result(
        all.length / ((t1 - t0) / 1e9), percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
  }

  private static long percentile(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
