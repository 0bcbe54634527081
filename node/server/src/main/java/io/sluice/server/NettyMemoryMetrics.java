package io.sluice.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PoolChunkListMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the direct memory of Netty's shared pooled allocator ({@link
 * PooledByteBufAllocator#DEFAULT}, used by the streams face and, with {@code
 * io.grpc.netty.useCustomAllocator=false}, by gRPC) as meters named {@code sluice_netty_*}: the
 * bytes its chunks hold, the bytes live buffers use inside them, the number of chunks and of
 * per-thread caches. Values are read at scrape time. Stateless after binding.
 */
public final class NettyMemoryMetrics {
  private NettyMemoryMetrics() {}

  /** Registers the gauges for {@link PooledByteBufAllocator#DEFAULT}. */
  public static void bind(MeterRegistry registry) {
    PooledByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    gauge(
        registry,
        allocator,
        "sluice.netty.direct.bytes",
        "direct memory held by the pooled allocator's chunks",
        a -> a.metric().usedDirectMemory());
    gauge(
        registry,
        allocator,
        "sluice.netty.direct.pinned.bytes",
        "direct memory of live buffers (and thread-cached ones) in those chunks",
        PooledByteBufAllocator::pinnedDirectMemory);
    gauge(
        registry,
        allocator,
        "sluice.netty.direct.chunks",
        "pooled direct chunks",
        a -> chunks(a.metric()));
    gauge(
        registry,
        allocator,
        "sluice.netty.thread.caches",
        "per-thread allocation caches",
        a -> a.metric().numThreadLocalCaches());
  }

  private static long chunks(PooledByteBufAllocatorMetric metric) {
    long n = 0;
    for (PoolArenaMetric arena : metric.directArenas()) {
      for (PoolChunkListMetric list : arena.chunkLists()) {
        for (var ignored : list) {
          n++;
        }
      }
    }
    return n;
  }

  private static void gauge(
      MeterRegistry registry,
      PooledByteBufAllocator allocator,
      String name,
      String help,
      ToDoubleFunction<PooledByteBufAllocator> value) {
    Gauge.builder(name, allocator, value).description(help).register(registry);
  }
}
