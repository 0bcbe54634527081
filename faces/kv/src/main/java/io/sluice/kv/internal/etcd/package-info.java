/**
 * etcd's request semantics on the MVCC store: Range, Put, DeleteRange, Txn (with etcd's request
 * checks), Compact, leases and etcd's error codes and messages.
 */
package io.sluice.kv.internal.etcd;
