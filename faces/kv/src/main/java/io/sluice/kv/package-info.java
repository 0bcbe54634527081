/**
 * The KV face of a node: the etcd v3 API (KV, Watch, Lease, Cluster, Maintenance and gRPC health)
 * served over gRPC from an MVCC store kept in the node's storage engine. Entry point: {@link
 * io.sluice.kv.KvFace#start}.
 */
package io.sluice.kv;
