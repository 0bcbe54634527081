package io.sluice.kv.internal.mvcc;

import java.util.concurrent.CompletableFuture;

/**
 * A write whose place in the change log is fixed but which may not have been handed to the storage
 * engine yet. The writer runs {@link #issue} once (the engine may write and force on the calling
 * thread); writes placed after it wait for it to be handed over. Immutable.
 *
 * @param durable completes once the write is durable (on the thread that completes its storage
 *     append)
 * @param issue hands the write to the storage engine if no earlier write's completion will
 */
public record PendingWrite(CompletableFuture<Void> durable, Runnable issue) {}
