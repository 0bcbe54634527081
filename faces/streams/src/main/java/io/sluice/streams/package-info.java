/**
 * The streams face of a node: a Pravega-compatible controller (gRPC) and segment store (wire
 * protocol) on the node's storage engine. {@link io.sluice.streams.StreamsFace} is the one start
 * class; everything else lives in {@code internal}.
 */
package io.sluice.streams;
