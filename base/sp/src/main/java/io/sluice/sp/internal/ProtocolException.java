package io.sluice.sp.internal;

/** A peer broke the wire protocol; the pipe that saw it is dropped. */
final class ProtocolException extends Exception {
  ProtocolException(String message) {
    super(message, null, false, false);
  }
}
