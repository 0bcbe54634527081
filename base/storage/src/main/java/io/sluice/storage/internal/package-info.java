/**
 * The storage engine's implementation. Not API: other modules use {@code io.sluice.storage} only.
 */
package io.sluice.storage.internal;
