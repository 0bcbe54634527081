package io.sluice.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageStats;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the storage engine's {@link StorageStats} as meters named {@code sluice_storage_*}.
 * Values are read from the engine at scrape time. Stateless after binding.
 */
public final class StorageMetrics {
  private StorageMetrics() {}

  public static void bind(StorageEngine engine, MeterRegistry registry) {
    counter(
        registry,
        engine,
        "sluice.storage.appended.bytes",
        "bytes accepted into the WAL",
        StorageStats::appendedBytes);
    counter(
        registry,
        engine,
        "sluice.storage.wal.records",
        "WAL records written",
        StorageStats::walRecords);
    counter(
        registry,
        engine,
        "sluice.storage.wal.forces",
        "WAL forces (group commits)",
        StorageStats::walForces);
    counter(
        registry,
        engine,
        "sluice.storage.flushed.bytes",
        "bytes moved to segment files",
        StorageStats::flushedBytes);
    counter(
        registry,
        engine,
        "sluice.storage.checkpoints",
        "checkpoints written",
        StorageStats::checkpoints);
    gauge(
        registry, engine, "sluice.storage.wal.files", "WAL files on disk", StorageStats::walFiles);
    gauge(
        registry,
        engine,
        "sluice.storage.wal.size.bytes",
        "bytes in WAL files",
        StorageStats::walBytes);
    gauge(
        registry,
        engine,
        "sluice.storage.queued.bytes",
        "bytes waiting for the WAL writer",
        StorageStats::queuedBytes);
    gauge(
        registry,
        engine,
        "sluice.storage.cache.bytes",
        "read cache size",
        StorageStats::cacheBytes);
    gauge(
        registry,
        engine,
        "sluice.storage.cache.limit.bytes",
        "read cache limit",
        StorageStats::cacheLimitBytes);
    gauge(
        registry,
        engine,
        "sluice.storage.segments",
        "segments and table segments",
        StorageStats::segments);
    Gauge.builder("sluice.storage.writable", engine, e -> e.stats().writable() ? 1 : 0)
        .description("1 while the write path works, 0 while an I/O error or full disk stops it")
        .register(registry);
  }

  private static void counter(
      MeterRegistry r,
      StorageEngine e,
      String name,
      String help,
      ToDoubleFunction<StorageStats> f) {
    FunctionCounter.builder(name, e, x -> f.applyAsDouble(x.stats())).description(help).register(r);
  }

  private static void gauge(
      MeterRegistry r,
      StorageEngine e,
      String name,
      String help,
      ToDoubleFunction<StorageStats> f) {
    Gauge.builder(name, e, x -> f.applyAsDouble(x.stats())).description(help).register(r);
  }
}
