package io.sluice.sp.internal;

import io.sluice.sp.Message;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * SUB: delivers messages whose body starts with a subscribed prefix (none subscribed: nothing; the
 * empty prefix: everything). Subscriptions stay local, as in SP. Raw SUB delivers everything. I/O
 * thread only.
 */
final class SubBack extends ProtocolBack {
  private final ArrayList<byte[]> prefixes = new ArrayList<>();

  SubBack(SocketCore core) {
    super(core);
  }

  void subscribe(byte[] prefix) {
    for (byte[] p : prefixes) {
      if (Arrays.equals(p, prefix)) {
        return;
      }
    }
    prefixes.add(prefix.clone());
  }

  void unsubscribe(byte[] prefix) {
    prefixes.removeIf(p -> Arrays.equals(p, prefix));
  }

  @Override
  boolean onMessage(Pipe p, byte[] payload) {
    if (!core.raw && !matches(payload)) {
      return true;
    }
    return deliver(p, new Message(payload));
  }

  private boolean matches(byte[] payload) {
    for (int i = 0, n = prefixes.size(); i < n; i++) {
      byte[] prefix = prefixes.get(i);
      if (prefix.length <= payload.length
          && Arrays.equals(payload, 0, prefix.length, prefix, 0, prefix.length)) {
        return true;
      }
    }
    return false;
  }
}
