/**
 * The storage engine's public API: one durable store of segments and table segments per data
 * directory, used by every front-end of a node.
 *
 * <p>Entry point: {@link io.sluice.storage.StorageEngine#open(StorageConfig)}. Everything is
 * asynchronous: an operation's future completes only once the operation is durable (written to the
 * write-ahead log and forced), unless {@link io.sluice.storage.StorageConfig#durability()} relaxes
 * this. Failed futures carry a {@link io.sluice.storage.StorageException} whose {@link
 * io.sluice.storage.StorageError} says what went wrong in terms a front-end can map to its own
 * protocol.
 *
 * <p>Implementation classes live in {@code io.sluice.storage.internal} and are not API.
 */
package io.sluice.storage;
