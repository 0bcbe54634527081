/**
 * Implementation details of the wire codec: bounds-checked field reading and field writing over
 * Netty buffers, and modified UTF-8. Not part of the public API; use {@code
 * io.sluice.protocol.wire}.
 */
package io.sluice.protocol.wire.internal;
