package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.Arrays;

/**
 * REP and RESPONDENT (cooked and raw): on receipt, pushes the source pipe id and moves the
 * backtrace into the header (dropping messages that travelled more than the max TTL, closing pipes
 * that send a stack without a request id); on send, pops the first tag to find the pipe and sends
 * the rest, dropping replies whose pipe is gone or full (sp-request-reply §5.2). I/O thread only.
 */
final class RepBack extends ProtocolBack {
  RepBack(SocketCore core) {
    super(core);
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    int len = Backtrace.stackLength(payload, core.options().maxTtl());
    if (len == Backtrace.MALFORMED) {
      p.close();
      return true;
    }
    if (len == Backtrace.TOO_MANY_HOPS) {
      return true;
    }
    byte[] header = new byte[len + 4];
    Backtrace.put(header, 0, p.id);
    System.arraycopy(payload, 0, header, 4, len);
    return deliver(p, new Message(header, Arrays.copyOfRange(payload, len, payload.length)));
  }

  @Override
  void drain() {
    Message m;
    while ((m = core.sendQueue.poll()) != null) {
      byte[] h = m.header();
      if (h.length < 8) {
        continue;
      }
      Pipe p = core.pipe(Backtrace.int32(h, 0));
      if (p == null || !p.writable()) {
        continue;
      }
      p.write(new Message(Arrays.copyOfRange(h, 4, h.length), m.body()));
    }
  }
}
