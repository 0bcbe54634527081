package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.Arrays;

/**
 * Raw REQ (load-balanced) and raw SURVEYOR (fan-out), used by devices: sends header + body as
 * given; on receipt moves the backtrace (up to the request id) into the header. A reply without a
 * request id closes its pipe. I/O thread only.
 */
final class RawRequestBack extends ProtocolBack {
  private final boolean broadcast;

  RawRequestBack(SocketCore core, boolean broadcast) {
    super(core);
    this.broadcast = broadcast;
  }

  @Override
  void drain() {
    if (broadcast) {
      drainBroadcast();
    } else {
      drainLoadBalanced();
    }
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    int len = Backtrace.stackLength(payload, 255);
    if (len < 0) {
      p.close();
      return true;
    }
    return deliver(
        p,
        new Message(
            Arrays.copyOfRange(payload, 0, len), Arrays.copyOfRange(payload, len, payload.length)));
  }
}
