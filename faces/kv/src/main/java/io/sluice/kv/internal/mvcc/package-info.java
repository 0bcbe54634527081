/**
 * The multi-version store under the etcd API: an in-memory key index of every retained revision of
 * every key, a revision-ordered change log for watches, values kept on disk in a table segment of
 * the storage engine (with a bounded cache of recent values), leases, and compaction. A change is
 * durable once it is in a plain segment, the store's write-ahead record ({@link
 * io.sluice.kv.internal.mvcc.ChangeLog}); the table is written behind it ({@link
 * io.sluice.kv.internal.mvcc.TableBehind}) and the log's tail replayed into it at start.
 */
package io.sluice.kv.internal.mvcc;
