package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import java.util.Arrays;

/**
 * PAIR v0 and v1: exactly one peer (later ones are refused). v1 carries a 4-byte hop count: cooked
 * sends start at 1; raw sends (devices) must carry a count below 255 and it is incremented;
 * received counts above the max TTL are dropped and above 255 or missing close the pipe, as in NNG.
 * I/O thread only.
 */
final class PairBack extends ProtocolBack {
  private final boolean v1;

  PairBack(SocketCore core) {
    super(core);
    this.v1 = core.protocol == Protocol.PAIR1;
  }

  @Override
  boolean pipeAdded(Pipe p) {
    if (!pipes.isEmpty()) {
      return false;
    }
    return super.pipeAdded(p);
  }

  @Override
  void drain() {
    drainLoadBalanced();
  }

  @Override
  Message outgoing(Message m) {
    if (!v1) {
      return core.raw ? m : new Message(m.body());
    }
    int hops;
    if (core.raw) {
      if (m.header().length != 4) {
        return null;
      }
      hops = Backtrace.int32(m.header(), 0);
      if (hops < 0 || hops > 254) {
        return null;
      }
    } else {
      hops = 0;
    }
    return new Message(Backtrace.bytes(hops + 1), m.body());
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    if (!v1) {
      return deliver(p, new Message(payload));
    }
    if (payload.length < 4) {
      p.close();
      return true;
    }
    int hops = Backtrace.int32(payload, 0);
    if (hops < 0 || hops > 0xff) {
      p.close();
      return true;
    }
    if (hops > core.options().maxTtl()) {
      return true;
    }
    byte[] body = Arrays.copyOfRange(payload, 4, payload.length);
    return deliver(p, core.raw ? new Message(Backtrace.bytes(hops), body) : new Message(body));
  }
}
