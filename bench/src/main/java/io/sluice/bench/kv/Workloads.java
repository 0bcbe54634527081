package io.sluice.bench.kv;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.proto.etcdserverpb.KVGrpc;
import io.sluice.kv.proto.etcdserverpb.PutRequest;
import io.sluice.kv.proto.etcdserverpb.PutResponse;
import io.sluice.kv.proto.etcdserverpb.RangeRequest;
import io.sluice.kv.proto.etcdserverpb.WatchCreateRequest;
import io.sluice.kv.proto.etcdserverpb.WatchGrpc;
import io.sluice.kv.proto.etcdserverpb.WatchRequest;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.kv.proto.mvccpb.Event;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads, written once and run against any etcd-API endpoint: closed-loop clients (each
 * sends its next request when the previous reply arrived) spread over a number of connections. Not
 * thread-safe: one workload at a time.
 */
final class Workloads {
  static final int KEY_BYTES = 8;
  static final int VALUE_BYTES = 256;

  private final int port;
  private final long warmupNanos;
  private final long measureNanos;
  private final int keySpace;

  Workloads(int port, long warmupNanos, long measureNanos, int keySpace) {
    this.port = port;
    this.warmupNanos = warmupNanos;
    this.measureNanos = measureNanos;
    this.keySpace = keySpace;
  }

  /**
   * The same endpoint and key space, with a warm-up of {@code nanos} and no measured part: a run of
   * it only loads the server (KvBench's {@code --prewarm}).
   */
  Workloads unmeasured(long nanos) {
    return new Workloads(port, nanos, 0, keySpace);
  }

  List<ManagedChannel> channels(int n) {
    List<ManagedChannel> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .directExecutor()
              .maxInboundMessageSize(16 << 20)
              .build());
    }
    return cs;
  }

  static void close(List<ManagedChannel> cs) {
    cs.forEach(ManagedChannel::shutdownNow);
  }

  ByteString key(SplittableRandom rnd) {
    return ByteString.copyFrom(
        ByteBuffer.allocate(KEY_BYTES).putLong(0, rnd.nextInt(keySpace)).array());
  }

  /** One request of a closed loop: issue it and call back once. */
  interface Op {
    void issue(KVGrpc.KVStub stub, SplittableRandom rnd, StreamObserver<Object> done);
  }

  Latencies.Summary put(int clients, int connections) throws InterruptedException {
    Latencies lat = new Latencies();
    put(clients, connections, lat);
    return lat.summary(measureNanos / 1e9);
  }

  /** One measurement window of puts, adding to {@code lat}. */
  void put(int clients, int connections, Latencies lat) throws InterruptedException {
    ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
    closedLoop(
        lat,
        clients,
        connections,
        (stub, rnd, done) ->
            stub.put(PutRequest.newBuilder().setKey(key(rnd)).setValue(value).build(), cast(done)));
  }

  Latencies.Summary range(int clients, int connections) throws InterruptedException {
    Latencies lat = new Latencies();
    range(clients, connections, lat);
    return lat.summary(measureNanos / 1e9);
  }

  /** One measurement window of linearizable ranges, adding to {@code lat}. */
  void range(int clients, int connections, Latencies lat) throws InterruptedException {
    closedLoop(
        lat,
        clients,
        connections,
        (stub, rnd, done) ->
            stub.range(RangeRequest.newBuilder().setKey(key(rnd)).build(), cast(done)));
  }

  /** Fills the key space once so ranges find their keys. */
  void preload() throws InterruptedException {
    List<ManagedChannel> cs = channels(4);
    try {
      ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
      CountDownLatch left = new CountDownLatch(keySpace);
      java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(256);
      for (int i = 0; i < keySpace; i++) {
        window.acquire();
        ByteString k = ByteString.copyFrom(ByteBuffer.allocate(KEY_BYTES).putLong(0, i).array());
        KVGrpc.newStub(cs.get(i % cs.size()))
            .put(
                PutRequest.newBuilder().setKey(k).setValue(value).build(),
                new StreamObserver<>() {
                  @Override
                  public void onNext(PutResponse v) {}

                  @Override
                  public void onError(Throwable t) {
                    window.release();
                    left.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    window.release();
                    left.countDown();
                  }
                });
      }
      left.await(5, TimeUnit.MINUTES);
    } finally {
      close(cs);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> StreamObserver<T> cast(StreamObserver<Object> o) {
    return (StreamObserver<T>) (StreamObserver<?>) o;
  }

  private void closedLoop(Latencies lat, int clients, int connections, Op op)
      throws InterruptedException {
    List<ManagedChannel> cs = channels(connections);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    CountDownLatch finished = new CountDownLatch(clients);
    for (int i = 0; i < clients; i++) {
      KVGrpc.KVStub stub = KVGrpc.newStub(cs.get(i % cs.size()));
      SplittableRandom rnd = new SplittableRandom(i * 7919L + 17);
      new Runnable() {
        @Override
        public void run() {
          long t0 = System.nanoTime();
          Runnable self = this;
          op.issue(
              stub,
              rnd,
              new StreamObserver<>() {
                @Override
                public void onNext(Object v) {}

                @Override
                public void onError(Throwable t) {
                  errors.incrementAndGet();
                  after(System.nanoTime());
                }

                @Override
                public void onCompleted() {
                  long t1 = System.nanoTime();
                  if (t0 >= measureFrom && t1 <= end) {
                    lat.add(t0, t1 - t0);
                  }
                  after(t1);
                }

                private void after(long now) {
                  if (now < end) {
                    self.run();
                  } else {
                    finished.countDown();
                  }
                }
              });
        }
      }.run();
    }
    finished.await(
        measureNanos / 1_000_000_000L + warmupNanos / 1_000_000_000L + 120, TimeUnit.SECONDS);
    close(cs);
    if (errors.get() > 0) {
      System.out.println("    (" + errors.get() + " requests failed)");
    }
  }

  /**
   * Watch latency: {@code watchers} watch streams on one key over {@code connections}; one writer
   * puts at {@code rate} per second a value stamped with its send time; the latency is from send to
   * each watcher's receipt.
   */
  Latencies.Summary watchLatency(int watchers, int connections, int rate)
      throws InterruptedException {
    List<ManagedChannel> cs = channels(connections);
    Latencies lat = new Latencies();
    ByteString key = ByteString.copyFromUtf8("/watch-bench/key");
    long start = System.nanoTime();
    long measureFrom = start + warmupNanos;
    long end = measureFrom + measureNanos;
    CountDownLatch created = new CountDownLatch(watchers);
    List<StreamObserver<WatchRequest>> streams = new ArrayList<>();
    for (int i = 0; i < watchers; i++) {
      StreamObserver<WatchRequest> req =
          WatchGrpc.newStub(cs.get(i % cs.size()))
              .watch(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(WatchResponse r) {
                      if (r.getCreated()) {
                        created.countDown();
                      }
                      long now = System.nanoTime();
                      for (Event e : r.getEventsList()) {
                        long sent = e.getKv().getValue().asReadOnlyByteBuffer().getLong();
                        if (sent >= measureFrom && now <= end) {
                          lat.add(now - sent);
                        }
                      }
                    }

                    @Override
                    public void onError(Throwable t) {}

                    @Override
                    public void onCompleted() {}
                  });
      req.onNext(
          WatchRequest.newBuilder()
              .setCreateRequest(WatchCreateRequest.newBuilder().setKey(key))
              .build());
      streams.add(req);
    }
    created.await(60, TimeUnit.SECONDS);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    KVGrpc.KVStub writer = KVGrpc.newStub(cs.get(0));
    timer.scheduleAtFixedRate(
        () -> {
          ByteBuffer v = ByteBuffer.allocate(VALUE_BYTES).putLong(0, System.nanoTime());
          writer.put(
              PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(v)).build(),
              new StreamObserver<>() {
                @Override
                public void onNext(PutResponse value) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
        },
        0,
        1_000_000 / rate,
        TimeUnit.MICROSECONDS);
    long waitMs = (end - System.nanoTime()) / 1_000_000 + 500;
    Thread.sleep(Math.max(0, waitMs));
    timer.shutdownNow();
    streams.forEach(
        s -> {
          try {
            s.onCompleted();
          } catch (RuntimeException ignored) {
            // stream already closed
          }
        });
    close(cs);
    return lat.summary(measureNanos / 1e9);
  }
}
