package io.sluice.sp.internal;

/** PUSH: round-robin over writable pullers; ignores anything received. I/O thread only. */
final class PushBack extends ProtocolBack {
  PushBack(SocketCore core) {
    super(core);
  }

  @Override
  void drain() {
    drainLoadBalanced();
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    return true;
  }
}
