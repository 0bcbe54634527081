/**
 * Acceptance tests of the storage engine, run by failsafe ({@code *IT}): each starts the engine in
 * a real child JVM through the public API only ({@link io.sluice.storage.StorageEngine#open}),
 * drives a workload, and checks what survives a SIGKILL or how much memory and disk the engine
 * holds. Nothing here reaches into {@code io.sluice.storage.internal}.
 */
package io.sluice.storage.acceptance;
