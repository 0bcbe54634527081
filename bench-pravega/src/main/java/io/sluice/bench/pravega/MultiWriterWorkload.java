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
  /**
   * Events per second and write latency percentiles in milliseconds; {@code perInterval} is empty
   * or, when asked for, the latency of the events sent in each interval of the phase.
   */
  record Result(double eventsPerSecond, double p50Millis, double p99Millis, String perInterval) {
    Result(double eventsPerSecond, double p50Millis, double p99Millis) {
      this(eventsPerSecond, p50Millis, p99Millis, "");
    }
  }

  private MultiWriterWorkload() {}

  static Result run(BenchClient client, String stream, int writers, int eventsPerWriter, int size)
      throws Exception {
    return run(client, stream, writers, eventsPerWriter, size, 0, t -> {});
  }

  /**
   * As above; with {@code intervalMillis > 0} the result also lists, per interval of the phase (by
   * the time each event was sent), the events sent, their p50/p99/max latency and the acks that
   * arrived in it. {@code started} gets the phase's start (System.nanoTime) before any write.
   */
  static Result run(
      BenchClient client,
      String stream,
      int writers,
      int eventsPerWriter,
      int size,
      long intervalMillis,
      java.util.function.LongConsumer started)
      throws Exception {
    client.createStream(stream, writers);
    String[] keys = RoutingKeys.onePerSegment(writers);
    List<EventStreamWriter<byte[]>> ws = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ws.add(client.writer(stream));
    }
    long[][] latencies = new long[writers][eventsPerWriter];
    long[][] sent = new long[writers][intervalMillis > 0 ? eventsPerWriter : 0];
    boolean timed = intervalMillis > 0;
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
                  if (timed) {
                    sent[w][n] = s;
                  }
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
    started.accept(t0);
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
    String perInterval = timed ? perInterval(latencies, sent, t0, intervalMillis * 1_000_000L) : "";
    Arrays.sort(all);
    return new Result(
        all.length / ((t1 - t0) / 1e9),
        percentile(all, 0.50) / 1e6,
        percentile(all, 0.99) / 1e6,
        perInterval);
  }

  private static String perInterval(long[][] latencies, long[][] sent, long t0, long interval) {
    long end = 0;
    for (int w = 0; w < sent.length; w++) {
      for (int n = 0; n < sent[w].length; n++) {
        end = Math.max(end, Math.max(0, sent[w][n] - t0) + latencies[w][n]);
      }
    }
    int buckets = (int) (end / interval) + 1;
    List<List<Long>> bySend = new ArrayList<>();
    int[] acks = new int[buckets];
    for (int i = 0; i < buckets; i++) {
      bySend.add(new ArrayList<>());
    }
    for (int w = 0; w < sent.length; w++) {
      for (int n = 0; n < sent[w].length; n++) {
        long s = Math.max(0, sent[w][n] - t0);
        bySend.get((int) (s / interval)).add(latencies[w][n]);
        acks[(int) ((s + latencies[w][n]) / interval)]++;
      }
    }
    StringBuilder b = new StringBuilder();
    // per writer: a writer whose events wait longer than the others' (flow control or scheduling
    // favouring some connections) shows here, where the all-events percentiles would hide it
    for (int w = 0; w < sent.length; w++) {
      long lastAck = 0;
      for (int n = 0; n < sent[w].length; n++) {
        lastAck = Math.max(lastAck, Math.max(0, sent[w][n] - t0) + latencies[w][n]);
      }
      long[] l = latencies[w].clone();
      Arrays.sort(l);
      b.append(
          String.format(
              java.util.Locale.ROOT,
              "  writer %d: last ack at %5.2f s, latency p50 %6.1f p99 %6.1f ms%n",
              w,
              lastAck / 1e9,
              percentile(l, 0.50) / 1e6,
              percentile(l, 0.99) / 1e6));
    }
    for (int i = 0; i < buckets; i++) {
      long[] l = bySend.get(i).stream().mapToLong(Long::longValue).sorted().toArray();
      b.append(
          String.format(
              java.util.Locale.ROOT,
              "  t=%5.2f s: sent %6d, latency p50 %6.1f p99 %6.1f max %6.1f ms; acked %6d%n",
              i * interval / 1e9,
              l.length,
              l.length == 0 ? 0 : percentile(l, 0.50) / 1e6,
              l.length == 0 ? 0 : percentile(l, 0.99) / 1e6,
              l.length == 0 ? 0 : l[l.length - 1] / 1e6,
              acks[i]));
    }
    return b.toString();
  }

  private static long percentile(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
