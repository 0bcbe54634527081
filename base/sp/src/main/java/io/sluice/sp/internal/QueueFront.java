package io.sluice.sp.internal;

import io.sluice.sp.Message;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;

/**
 * The front of protocols whose user calls are plain queue operations: PAIR, PUB, SUB, PUSH, PULL,
 * BUS, and every raw socket. Cooked sockets send bodies only (any header is dropped).
 *
 * <p>Thread-safe.
 */
final class QueueFront extends Front {
  QueueFront(SocketCore core) {
    super(core);
  }

  @Override
  public boolean send(Ctx ctx, Message m, long timeoutNanos) {
    checkCtx(ctx);
    if (!core.protocol.canSend()) {
      throw new SpException(SpError.NOT_SUPPORTED, core.protocol + " sockets cannot send");
    }
    Message out = core.raw || m.header().length == 0 ? m : new Message(m.body());
    if (!core.sendQueue.put(out, timeoutNanos)) {
      return false;
    }
    core.signalSend();
    return true;
  }

  @Override
  public Message recv(Ctx ctx, long timeoutNanos) {
    checkCtx(ctx);
    if (!core.protocol.canRecv()) {
      throw new SpException(SpError.NOT_SUPPORTED, core.protocol + " sockets cannot receive");
    }
    return core.recvQueue.take(timeoutNanos);
  }

  @Override
  public boolean readable(Ctx ctx) {
    return core.protocol.canRecv() && !core.recvQueue.isEmpty();
  }

  @Override
  public boolean writable(Ctx ctx) {
    return core.protocol.canSend() && core.sendQueue.hasRoom();
  }
}
