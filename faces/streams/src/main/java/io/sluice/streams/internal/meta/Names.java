package io.sluice.streams.internal.meta;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Segment and stream naming exactly as the Pravega client computes it, so that the names the
 * controller creates are the names clients send. Thread-safe (stateless).
 */
public final class Names {
  /** Reader group state streams are {@code _RG<group>}. */
  public static final String READER_GROUP_PREFIX = "_RG";

  /** Watermark streams are {@code _MARK<stream>}. */
  public static final String MARK_PREFIX = "_MARK";

  /** Key-value table partitions live in the stream {@code <kvt>_kvtable}. */
  public static final String KVT_SUFFIX = "_kvtable";

  private static final String EPOCH_DELIMITER = ".#epoch.";
  private static final String TXN_DELIMITER = "#transaction.";
  private static final String TRANSIENT_DELIMITER = "#transient.";
  private static final Pattern USER_NAME = Pattern.compile("[\\p{Alnum}.\\-]+");
  private static final Pattern NAME = Pattern.compile("_?[\\p{Alnum}.\\-]+");

  private Names() {}

  /** {@code scope/stream/<number>.#epoch.<epoch>} for a segment id. */
  public static String segment(String scope, String stream, long segmentId) {
    return scope
        + '/'
        + stream
        + '/'
        + (int) segmentId
        + EPOCH_DELIMITER
        + (int) (segmentId >>> 32);
  }

  /** The transaction segment of a parent segment. */
  public static String txnSegment(String parent, UUID txnId) {
    return parent + TXN_DELIMITER + hex(txnId);
  }

  /** A new transient segment name for a writer on a parent segment. */
  public static String transientSegment(String parent, UUID writerId, UUID random) {
    return parent + TRANSIENT_DELIMITER + hex(writerId) + '.' + hex(random);
  }

  /** Whether the name is of a transient segment. */
  public static boolean isTransient(String segment) {
    return segment.contains(TRANSIENT_DELIMITER);
  }

  /** Whether a scope or stream name is valid for user objects (no leading underscore). */
  public static boolean validUserName(String name) {
    return name != null && name.length() <= 255 && USER_NAME.matcher(name).matches();
  }

  /** Whether a stream name is valid, internal names (leading underscore) included. */
  public static boolean validName(String name) {
    return name != null && name.length() <= 255 && NAME.matcher(name).matches();
  }

  /** The scope part of a segment name (everything before the first slash), or null. */
  public static String scopeOf(String segment) {
    int i = segment.indexOf('/');
    return i <= 0 ? null : segment.substring(0, i);
  }

  /** The stream part of a segment name (between the first and second slash), or null. */
  public static String streamOf(String segment) {
    int i = segment.indexOf('/');
    int j = i < 0 ? -1 : segment.indexOf('/', i + 1);
    return j < 0 ? null : segment.substring(i + 1, j);
  }

  private static String hex(UUID id) {
    return String.format("%016x%016x", id.getMostSignificantBits(), id.getLeastSignificantBits());
  }
}
