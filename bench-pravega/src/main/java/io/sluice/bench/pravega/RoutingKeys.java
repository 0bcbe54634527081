package io.sluice.bench.pravega;

import io.pravega.common.hash.HashHelper;

/**
 * Routing keys that land one per segment of a stream with {@code n} equal key ranges, found with
 * the client's own key hash (the one its event router uses), so {@code n} writers map onto {@code
 * n} segments one to one.
 */
final class RoutingKeys {
  private static final HashHelper ROUTER_HASH = HashHelper.seededWith("EventRouter");

  private RoutingKeys() {}

  static String[] onePerSegment(int n) {
    String[] keys = new String[n];
    int found = 0;
    for (int i = 0; found < n; i++) {
      String key = "key-" + i;
      int segment = (int) Math.min(n - 1, Math.floor(ROUTER_HASH.hashToRange(key) * n));
      if (keys[segment] == null) {
        keys[segment] = key;
        found++;
      }
    }
    return keys;
  }
}
