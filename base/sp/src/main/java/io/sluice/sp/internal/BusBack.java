package io.sluice.sp.internal;

import io.sluice.sp.Message;

/**
 * BUS: each message to every directly connected peer (best effort), never back to where it came
 * from: raw BUS tags received messages with the source pipe id (a local 4-byte header) and a raw
 * send with that header skips that pipe, so a device reflecting a bus never echoes. I/O thread
 * only.
 */
final class BusBack extends ProtocolBack {
  BusBack(SocketCore core) {
    super(core);
  }

  @Override
  void drain() {
    Message m;
    while ((m = core.sendQueue.poll()) != null) {
      Pipe except = null;
      if (core.raw && m.header().length >= 4) {
        except = core.pipe(Backtrace.int32(m.header(), 0));
      }
      broadcast(new Message(m.body()), except);
    }
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    Message m = core.raw ? new Message(Backtrace.bytes(p.id), payload) : new Message(payload);
    return deliver(p, m);
  }
}
