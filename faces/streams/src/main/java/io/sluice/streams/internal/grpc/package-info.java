/**
 * The controller's gRPC face: the Pravega {@code ControllerService} (stubs from the protocol
 * module, {@code io.sluice.protocol.controller}) bound to the controller logic, plus credentials
 * checking and delegation tokens.
 */
package io.sluice.streams.internal.grpc;
