package io.sluice.bench.pravega;

import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteArraySerializer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One writer, {@code events} events of {@code size} bytes to a one-segment stream without waiting
 * per event (the futures complete in the background, one flush at the end), then one reader of a
 * new reader group reading them all back. Each event carries its index in its first 8 bytes, and
 * the reader checks they arrive complete and in order. Used from one thread.
 */
final class SingleWriterWorkload {
  /**
   * Events per second written (until the flush returned) and read, and the CPU time the client's
   * JVM and the server process spent per event in each phase, in microseconds; of the client's read
   * CPU, {@code readThreadCpuMicros} is the reading thread's own (the rest is the client's socket
   * readers, GC and JIT).
   */
  record Result(
      double writeEventsPerSecond,
      double readEventsPerSecond,
      double writeClientCpuMicros,
      double writeServerCpuMicros,
      double readClientCpuMicros,
      double readServerCpuMicros,
      double writeClientGcMillis,
      double readThreadCpuMicros) {}

  private static final long READ_TIMEOUT_MS = 30_000;
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private SingleWriterWorkload() {}

  static Result run(BenchClient client, String stream, int events, int size) {
    return run(client, stream, events, size, () -> 0L);
  }

  /** As above, measuring the server's CPU time with {@code serverCpuNanos}. */
  static Result run(
      BenchClient client,
      String stream,
      int events,
      int size,
      java.util.function.LongSupplier serverCpuNanos) {
    client.createStream(stream, 1);
    AtomicLong failed = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    long t0;
    long t1;
    long wc0;
    long ws0;
    long wc1;
    long ws1;
    long gc0;
    long gc1;
    try (EventStreamWriter<byte[]> writer = client.writer(stream)) {
      wc0 = ProcStatus.ownCpuNanos();
      ws0 = serverCpuNanos.getAsLong();
      gc0 = ProcStatus.ownGcMillis();
      t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        byte[] event = new byte[size];
        ByteBuffer.wrap(event).putLong(i);
        writer
            .writeEvent("k", event)
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e);
                  }
                });
      }
      writer.flush();
      t1 = System.nanoTime();
      wc1 = ProcStatus.ownCpuNanos();
      ws1 = serverCpuNanos.getAsLong();
      gc1 = ProcStatus.ownGcMillis();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " writes failed", firstError.get());
    }
    double writeRate = events / ((t1 - t0) / 1e9);

    String group = "rg-" + stream;
    client
        .readerGroups()
        .createReaderGroup(
            group,
            ReaderGroupConfig.builder().stream(Stream.of(BenchClient.SCOPE, stream))
                .disableAutomaticCheckpoints()
                .build());
    long r0;
    long r1;
    long rc0;
    long rs0;
    long rc1;
    long rs1;
    long rt0;
    long rt1;
    try (EventStreamReader<byte[]> reader =
        client
            .factory()
            .createReader(
                "reader", group, new ByteArraySerializer(), ReaderConfig.builder().build())) {
      rt0 = THREADS.getCurrentThreadCpuTime();
      rc0 = ProcStatus.ownCpuNanos();
      rs0 = serverCpuNanos.getAsLong();
      r0 = System.nanoTime();
      long next = 0;
      while (next < events) {
        EventRead<byte[]> read = reader.readNextEvent(READ_TIMEOUT_MS);
        byte[] event = read.getEvent();
        if (event == null) {
          if (read.isCheckpoint()) {
            continue;
          }
          throw new IllegalStateException(
              "no event within " + READ_TIMEOUT_MS + " ms after " + next + " of " + events);
        }
        long index = ByteBuffer.wrap(event).getLong();
        if (index != next || event.length != size) {
          throw new IllegalStateException(
              "read event " + index + " (" + event.length + " B), expected " + next);
        }
        next++;
      }
      r1 = System.nanoTime();
      rt1 = THREADS.getCurrentThreadCpuTime();
      rc1 = ProcStatus.ownCpuNanos();
      rs1 = serverCpuNanos.getAsLong();
    }
    client.readerGroups().deleteReaderGroup(group);
    double perEvent = events * 1e3; // ns -> us per event
    return new Result(
        writeRate,
        events / ((r1 - r0) / 1e9),
        (wc1 - wc0) / perEvent,
        (ws1 - ws0) / perEvent,
        (rc1 - rc0) / perEvent,
        (rs1 - rs0) / perEvent,
        gc1 - gc0,
        (rt1 - rt0) / perEvent);
  }
}
