package io.sluice.sp.internal;

import java.nio.ByteBuffer;

/** The opening exchange of a stream pipe, before messages flow. I/O thread only. */
interface Handshake {
  /** Queues what this side sends first (if anything). */
  void start(StreamPipe pipe);

  /** Consumes received bytes (read mode); true when the handshake completed successfully. */
  boolean consume(ByteBuffer in, StreamPipe pipe) throws ProtocolException;

  /** The protocol id the peer announced (valid after completion). */
  int peerProtocol();
}
