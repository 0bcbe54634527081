package io.sluice.protocol;

import java.util.Optional;
import java.util.UUID;

/**
 * The naming conventions of Pravega segments, which clients and segment stores must agree on
 * (Pravega's {@code NameUtils}):
 *
 * <ul>
 *   <li>segment id (int64) = {@code epoch << 32 | segment number};
 *   <li>stream segment: {@code scope/stream/<number>.#epoch.<epoch>};
 *   <li>key-value table partition: the same, in the stream {@code <table>_kvtable};
 *   <li>transaction segment: {@code <segment>#transaction.<32 hex digits of the txn id>};
 *   <li>transient (large event) segment: {@code <segment>#transient.<32 hex digits of the writer
 *       id><32 hex digits, random>};
 *   <li>internal streams: {@code _RG<group>} (reader group state), {@code _MARK<stream>}
 *       (watermarks).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class SegmentNames {
  /** The prefix of a reader group's state stream. */
  public static final String READER_GROUP_STREAM_PREFIX = "_RG";

  /** The prefix of a stream's watermark stream. */
  public static final String MARK_STREAM_PREFIX = "_MARK";

  /** The suffix of the stream holding a key-value table's partitions. */
  public static final String KVTABLE_SUFFIX = "_kvtable";

  private static final String EPOCH_DELIMITER = ".#epoch.";
  private static final String TRANSACTION_DELIMITER = "#transaction.";
  private static final String TRANSIENT_DELIMITER = "#transient.";
  private static final int ID_HEX_DIGITS = 32;

  private SegmentNames() {}

  /**
   * A stream segment named by its parts.
   *
   * @param scope the scope
   * @param stream the stream (or {@code <table>_kvtable})
   * @param segmentId {@code epoch << 32 | segment number}
   */
  public record Parsed(String scope, String stream, long segmentId) {
    /** The epoch part of the id. */
    public int epoch() {
      return SegmentNames.epoch(segmentId);
    }

    /** The segment number part of the id. */
    public int number() {
      return SegmentNames.number(segmentId);
    }
  }

  /** {@code epoch << 32 | number}; both must not be negative. */
  public static long segmentId(int number, int epoch) {
    if (number < 0 || epoch < 0) {
      throw new IllegalArgumentException(
          "negative segment number or epoch: " + number + ", " + epoch);
    }
    return (long) epoch << 32 | (number & 0xFFFF_FFFFL);
  }

  /** The epoch part of a segment id. */
  public static int epoch(long segmentId) {
    return (int) (segmentId >> 32);
  }

  /** The segment number part of a segment id. */
  public static int number(long segmentId) {
    return (int) segmentId;
  }

  /** {@code scope/stream/<number>.#epoch.<epoch>}. */
  public static String streamSegment(String scope, String stream, long segmentId) {
    return scope + "/" + stream + "/" + number(segmentId) + EPOCH_DELIMITER + epoch(segmentId);
  }

  /** The name of partition {@code segmentId} of a key-value table. */
  public static String tableSegment(String scope, String table, long segmentId) {
    return streamSegment(scope, table + KVTABLE_SUFFIX, segmentId);
  }

  /** The stream holding a reader group's state. */
  public static String readerGroupStream(String group) {
    return READER_GROUP_STREAM_PREFIX + group;
  }

  /** The stream holding a stream's watermarks. */
  public static String markStream(String stream) {
    return MARK_STREAM_PREFIX + stream;
  }

  /** The segment of transaction {@code txnId} on {@code segment}. */
  public static String transactionSegment(String segment, UUID txnId) {
    return segment + TRANSACTION_DELIMITER + hex(txnId);
  }

  /** A transient segment of {@code writerId} on {@code segment}; {@code random} makes it unique. */
  public static String transientSegment(String segment, UUID writerId, UUID random) {
    return segment + TRANSIENT_DELIMITER + hex(writerId) + hex(random);
  }

  /** The segment a transaction or transient segment belongs to, if {@code name} is one. */
  public static Optional<String> parentOf(String name) {
    int txn = delimiter(name, TRANSACTION_DELIMITER, ID_HEX_DIGITS);
    if (txn >= 0) {
      return Optional.of(name.substring(0, txn));
    }
    int trans = delimiter(name, TRANSIENT_DELIMITER, 2 * ID_HEX_DIGITS);
    return trans >= 0 ? Optional.of(name.substring(0, trans)) : Optional.empty();
  }

  /**
   * Parses {@code scope/stream/<number>[.#epoch.<epoch>]} (a transaction or transient segment
   * parses as its parent); empty if the name has another shape.
   */
  public static Optional<Parsed> parse(String name) {
    String base = parentOf(name).orElse(name);
    String[] parts = base.split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    String last = parts[2];
    int at = last.indexOf(EPOCH_DELIMITER);
    try {
      int number = Integer.parseInt(at < 0 ? last : last.substring(0, at));
      int epoch = at < 0 ? 0 : Integer.parseInt(last.substring(at + EPOCH_DELIMITER.length()));
      return Optional.of(new Parsed(parts[0], parts[1], segmentId(number, epoch)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int delimiter(String name, String delimiter, int idLength) {
    int at = name.lastIndexOf(delimiter);
    return at < 0 || at + delimiter.length() + idLength > name.length() ? -1 : at;
  }

  private static String hex(UUID id) {
    return String.format("%016x%016x", id.getMostSignificantBits(), id.getLeastSignificantBits());
  }
}
