package io.sluice.streams.internal.wire;

import io.sluice.protocol.wire.ErrorMessage;
import io.sluice.protocol.wire.NoSuchSegment;
import io.sluice.protocol.wire.Reply;
import io.sluice.protocol.wire.SegmentAlreadyExists;
import io.sluice.protocol.wire.SegmentIsSealed;
import io.sluice.protocol.wire.TableSegmentNotEmpty;
import io.sluice.storage.StorageException;

/** Maps storage failures to the wire protocol's error replies. Stateless and thread-safe. */
final class Replies {
  private Replies() {}

  /** The error reply for a failed request on {@code segment}, or null if not a storage error. */
  static Reply error(long requestId, String segment, Throwable t) {
    StorageException e = StorageException.unwrap(t);
    if (e == null) {
      return new ErrorMessage(
          requestId, segment, String.valueOf(t.getMessage()), ErrorMessage.UNSPECIFIED);
    }
    return switch (e.error()) {
      case SEGMENT_NOT_FOUND -> new NoSuchSegment(requestId, segment, "", -1);
      case SEGMENT_EXISTS -> new SegmentAlreadyExists(requestId, segment, "");
      case SEGMENT_SEALED -> new SegmentIsSealed(requestId, segment, "", -1);
      case TABLE_NOT_EMPTY -> new TableSegmentNotEmpty(requestId, segment, "");
      case INVALID_ARGUMENT, BAD_OFFSET, WRONG_SEGMENT_TYPE ->
          new ErrorMessage(requestId, segment, e.getMessage(), ErrorMessage.ILLEGAL_ARGUMENT);
      default -> new ErrorMessage(requestId, segment, e.getMessage(), ErrorMessage.UNSPECIFIED);
    };
  }
}
