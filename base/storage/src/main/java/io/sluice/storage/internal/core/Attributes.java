package io.sluice.storage.internal.core;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Attribute updates: resolving a list of {@link AttributeUpdate}s against current values into the
 * final values to store (all or nothing), and their encoding in log records and checkpoints as
 * {@code u16 count, (u64 msb, u64 lsb, i64 value)*} where {@link AttributeUpdate#NULL_VALUE}
 * removes. Stateless.
 */
public final class Attributes {
  /** The most updates one operation may carry. */
  public static final int MAX_UPDATES = 1024;

  /** Encoded size of one attribute. */
  public static final int ENTRY_BYTES = 24;

  private Attributes() {}

  /**
   * Resolves {@code updates} against {@code current} (not changed).
   *
   * @return the final values of the attributes touched, in first-touch order, or null when there
   *     are none
   * @throws StorageException BAD_ATTRIBUTE_UPDATE when a condition does not hold
   */
  static List<Map.Entry<UUID, Long>> resolve(
      Map<UUID, Long> current, List<AttributeUpdate> updates, String segment) {
    if (updates.isEmpty()) {
      return null;
    }
    Map<UUID, Long> changed = new HashMap<>();
    List<UUID> order = new ArrayList<>();
    for (AttributeUpdate u : updates) {
      Long cur = changed.containsKey(u.id()) ? changed.get(u.id()) : current.get(u.id());
      long c = cur == null ? AttributeUpdate.NULL_VALUE : cur;
      long next =
          switch (u.type()) {
            case REPLACE -> u.value();
            case REPLACE_IF_GREATER -> {
              if (c != AttributeUpdate.NULL_VALUE && u.value() <= c) {
                throw bad(segment, u, c);
              }
              yield u.value();
            }
            case REPLACE_IF_EQUALS -> {
              if (c != u.comparisonValue()) {
                throw bad(segment, u, c);
              }
              yield u.value();
            }
            case ACCUMULATE -> (c == AttributeUpdate.NULL_VALUE ? 0 : c) + u.value();
          };
      if (!changed.containsKey(u.id())) {
        order.add(u.id());
      }
      changed.put(u.id(), next == AttributeUpdate.NULL_VALUE ? null : next);
    }
    List<Map.Entry<UUID, Long>> out = new ArrayList<>(order.size());
    for (UUID id : order) {
      Long v = changed.get(id);
      out.add(Map.entry(id, v == null ? AttributeUpdate.NULL_VALUE : v));
    }
    return out;
  }

  private static StorageException bad(String segment, AttributeUpdate u, long current) {
    return new StorageException(
        StorageError.BAD_ATTRIBUTE_UPDATE,
        "attribute "
            + u.id()
            + " of segment "
            + segment
            + " is "
            + (current == AttributeUpdate.NULL_VALUE ? "absent" : Long.toString(current))
            + "; "
            + u.type()
            + " "
            + u.value()
            + (u.type() == io.sluice.storage.AttributeUpdateType.REPLACE_IF_EQUALS
                ? " expecting "
                    + (u.comparisonValue() == AttributeUpdate.NULL_VALUE
                        ? "absent"
                        : Long.toString(u.comparisonValue()))
                : "")
            + " refused");
  }

  /** Applies resolved values to {@code target}. */
  static void applyTo(Map<UUID, Long> target, List<Map.Entry<UUID, Long>> resolved) {
    if (resolved == null) {
      return;
    }
    for (Map.Entry<UUID, Long> e : resolved) {
      if (e.getValue() == AttributeUpdate.NULL_VALUE) {
        target.remove(e.getKey());
      } else {
        target.put(e.getKey(), e.getValue());
      }
    }
  }

  /** {@code current} with {@code resolved} applied, as a new immutable map. */
  static Map<UUID, Long> with(Map<UUID, Long> current, List<Map.Entry<UUID, Long>> resolved) {
    if (resolved == null || resolved.isEmpty()) {
      return current;
    }
    Map<UUID, Long> m = new HashMap<>(current);
    applyTo(m, resolved);
    return Map.copyOf(m);
  }

  static int encodedSize(int count) {
    return 2 + count * ENTRY_BYTES;
  }

  static void encode(ByteBuffer b, List<Map.Entry<UUID, Long>> resolved) {
    if (resolved == null) {
      b.putShort((short) 0);
      return;
    }
    b.putShort((short) resolved.size());
    for (Map.Entry<UUID, Long> e : resolved) {
      b.putLong(e.getKey().getMostSignificantBits())
          .putLong(e.getKey().getLeastSignificantBits())
          .putLong(e.getValue());
    }
  }

  static void encodeMap(ByteBuffer b, Map<UUID, Long> map) {
    b.putShort((short) map.size());
    for (Map.Entry<UUID, Long> e : map.entrySet()) {
      b.putLong(e.getKey().getMostSignificantBits())
          .putLong(e.getKey().getLeastSignificantBits())
          .putLong(e.getValue());
    }
  }

  /** Decodes a list written by {@link #encode}; bounds are checked by the caller's buffer. */
  static List<Map.Entry<UUID, Long>> decode(ByteBuffer b) {
    int n = Short.toUnsignedInt(b.getShort());
    if (n * ENTRY_BYTES > b.remaining()) {
      throw new IllegalArgumentException("attribute count " + n + " exceeds the record");
    }
    List<Map.Entry<UUID, Long>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      UUID id = new UUID(b.getLong(), b.getLong());
      out.add(Map.entry(id, b.getLong()));
    }
    return out;
  }
}
