/**
 * The Pravega controller service (gRPC) for the Sluice streams face and the Sluice client.
 *
 * <p>The messages and {@code ControllerServiceGrpc} (stubs and {@code ControllerServiceImplBase})
 * are generated at build time from {@code src/main/proto/controller.proto}, Sluice's own definition
 * whose proto package ({@code io.pravega.controller.stream.api.grpc.v1}), service name, RPC names
 * and field numbers are those of Pravega 0.13, so the unmodified Pravega client talks to it. RPCs a
 * server does not override answer {@code UNIMPLEMENTED}.
 *
 * <p>The delegation tokens carried in its replies are handled by {@code io.sluice.protocol.auth}.
 */
package io.sluice.protocol.controller;
