/**
 * The segment store: a Netty server speaking the Pravega wire protocol (codec from {@code
 * io.sluice.protocol.wire}) on the storage engine. One {@link
 * io.sluice.streams.internal.wire.ServerConnection} per connection owns that connection's state on
 * its event loop; storage futures hop back to the loop before touching it.
 */
package io.sluice.streams.internal.wire;
