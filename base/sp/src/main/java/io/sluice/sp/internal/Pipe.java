package io.sluice.sp.internal;

import io.sluice.sp.Message;

/**
 * One connection to one peer, after its handshake: the unit protocols route over. Subclasses are
 * the stream pipe (tcp, ipc, ws) and the inproc pipe.
 *
 * <p>I/O thread only (of the socket that owns it).
 */
public abstract class Pipe {
  /** The socket this pipe belongs to. */
  protected final SocketCore core;

  /** The endpoint (listener or dialer) that made this pipe. */
  protected final Endpoint endpoint;

  /** The socket-unique id (31 bits, non-zero), set when the socket accepts the pipe. */
  int id;

  /** Whether the socket accepted the pipe (so it must be told when it closes). */
  boolean added;

  /** Index of this pipe in a protocol's pipe list, maintained by the protocol. */
  int slot = -1;

  Pipe(SocketCore core, Endpoint endpoint) {
    this.core = core;
    this.endpoint = endpoint;
  }

  /** The pipe id. */
  public int id() {
    return id;
  }

  /** Whether {@link #write} may be called without exceeding the pipe's buffer. */
  abstract boolean writable();

  /** Queues one message (header + body form the payload) for sending. */
  abstract void write(Message m);

  /** Whether everything written so far has left the process. */
  abstract boolean flushed();

  /** Re-offers a message held back by a full receive queue and resumes reading. */
  abstract void resume();

  /** Closes the pipe (idempotent), telling the socket and the endpoint. */
  abstract void close();
}
