package io.sluice.kv.internal.mvcc;

import java.util.concurrent.CompletableFuture;

/**
 * A write whose place in the change log is fixed but which may not have been handed to the storage
 * engine yet. The writer runs {@link #issue} once, after releasing its own locks: the engine may
 * write and force on the calling thread, and that must not hold up other writers. Immutable.
 *
 * @param durable completes once the write is durable (on the thread that completes its storage
 *     append)
 * @param issue hands the write to the storage engine if no earlier write's completion will
 */
public record PendingWrite(CompletableFuture<Void> durable, Runnable issue) {}
