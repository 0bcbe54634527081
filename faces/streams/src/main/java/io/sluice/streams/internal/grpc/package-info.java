/**
 * The controller's gRPC face: the Pravega {@code ControllerService} (stubs generated into {@code
 * io.sluice.streams.internal.grpc.v1} from {@code controller.proto}) bound to the controller logic,
 * plus credentials checking and delegation tokens.
 */
package io.sluice.streams.internal.grpc;
