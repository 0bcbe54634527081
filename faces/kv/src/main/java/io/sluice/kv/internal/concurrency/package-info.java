/**
 * etcd's Lock and Election services (v3lockpb, v3electionpb): the server side of clientv3's
 * concurrency recipes, run on the node's KV and lease engine with etcd's key layout and waits.
 */
package io.sluice.kv.internal.concurrency;
