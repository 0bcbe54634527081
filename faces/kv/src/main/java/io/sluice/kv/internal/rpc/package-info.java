/**
 * The gRPC services of the etcd v3 API (KV, Watch, Lease, Cluster, Maintenance) and gRPC health,
 * translating between the wire messages and the {@link io.sluice.kv.internal.etcd.KvEngine}.
 */
package io.sluice.kv.internal.rpc;
