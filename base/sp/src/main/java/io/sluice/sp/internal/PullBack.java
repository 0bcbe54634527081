package io.sluice.sp.internal;

import io.sluice.sp.Message;

/** PULL: fair-queues messages from every pusher. I/O thread only. */
final class PullBack extends ProtocolBack {
  PullBack(SocketCore core) {
    super(core);
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    return deliver(p, new Message(payload));
  }
}
