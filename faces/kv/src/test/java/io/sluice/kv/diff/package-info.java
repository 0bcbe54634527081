/** Differential tests: the same requests to a real etcd 3.4.23 and to Sluice's KV face. */
package io.sluice.kv.diff;
