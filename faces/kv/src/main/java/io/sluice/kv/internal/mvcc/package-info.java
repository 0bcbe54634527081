/**
 * The multi-version store under the etcd API: an in-memory key index of every retained revision of
 * every key, a revision-ordered change log for watches, values kept on disk in a table segment of
 * the storage engine (with a bounded cache of recent values), leases, and compaction.
 */
package io.sluice.kv.internal.mvcc;
