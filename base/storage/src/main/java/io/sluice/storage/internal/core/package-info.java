/**
 * The engine's core: segment state (a writer view used for validation and a published view that
 * readers see once a change is durable), the operations and their redo records, the log writer
 * thread with its bounded queue, reads (tail reads, read-ahead), the flusher, checkpoints and
 * recovery.
 */
package io.sluice.storage.internal.core;
