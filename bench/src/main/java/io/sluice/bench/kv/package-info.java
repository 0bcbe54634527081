/**
 * The KV load tool: the same closed-loop gRPC workloads (puts with 1 and 1000 clients, linearizable
 * ranges, watch latency) against a Sluice node and a real etcd in one run. Entry point: {@link
 * io.sluice.bench.kv.KvBench}.
 */
package io.sluice.bench.kv;
