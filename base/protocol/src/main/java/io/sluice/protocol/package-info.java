/**
 * The Pravega-compatible protocol shared by the Sluice streams face (server) and the Sluice client:
 * {@code wire} (segment-store wire commands, frame codec, Netty handlers), {@code controller} (the
 * controller gRPC service, generated from {@code controller.proto}), {@code auth} (delegation
 * tokens), and here the segment naming conventions ({@link io.sluice.protocol.SegmentNames}).
 * Nothing in this module is server- or client-only.
 */
package io.sluice.protocol;
