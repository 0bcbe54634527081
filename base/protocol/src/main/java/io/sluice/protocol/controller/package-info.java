/**
 * The Pravega controller service (gRPC) for the Sluice streams face and the Sluice client.
 *
 * <p>The messages and {@code ControllerServiceGrpc} (stubs and {@code ControllerServiceImplBase})
 * are generated at build time from {@code src/main/proto/controller.proto}, Sluice's own
 * definition whose proto package ({@code io.pravega.controller.stream.api.grpc.v1}), service name,
 * RPC names and field numbers are those of Pravega 0.13, so the unmodified Pravega client talks to
 * it. RPCs a server does not override answer {@code UNIMPLEMENTED}.
 *
 * <p>{@link io.sluice.protocol.controller.DelegationTokens} creates and checks the delegation
 * tokens (JWT, HS512) the controller hands out and the segment store verifies.
 */
package io.sluice.protocol.controller;
