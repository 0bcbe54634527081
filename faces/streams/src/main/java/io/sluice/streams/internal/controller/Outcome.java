package io.sluice.streams.internal.controller;

/**
 * How a controller operation ended; the gRPC layer maps each to the status enum of its RPC.
 * Immutable.
 */
public enum Outcome {
  SUCCESS,
  EXISTS,
  NOT_FOUND,
  SCOPE_NOT_FOUND,
  INVALID_NAME,
  NOT_EMPTY,
  NOT_SEALED,
  SEALED,
  PRECONDITION_FAILED,
  INVALID_ARGUMENT,
  FAILURE
}
