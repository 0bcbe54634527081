/**
 * Storage-engine load tool ({@link io.sluice.bench.storage.StorageBench}): durable append
 * throughput, single-writer acknowledgement latency, recovery replay rate and cold read rate, each
 * against its FileChannel anchor. Results and how to reproduce them: {@code docs/benchmarks.md}.
 */
package io.sluice.bench.storage;
