package io.sluice.sp.internal;

/**
 * PUB: every message to every subscriber pipe that has room, dropped for those that do not (SP
 * publishers never block). Ignores anything received. I/O thread only.
 */
final class PubBack extends ProtocolBack {
  PubBack(SocketCore core) {
    super(core);
  }

  @Override
  void drain() {
    drainBroadcast();
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    return true;
  }
}
