package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Moves a segment's start offset forward. Log-writer owned. */
final class TruncateOp extends Op<Void> {
  private final long offset;
  private Segment target;

  TruncateOp(String segment, SegmentType expectedType, long offset) {
    super(segment, expectedType);
    this.offset = offset;
  }

  @Override
  int queuedBytes() {
    return 96;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER + 24;
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    Segment s = lookup(catalog, segment);
    if (offset > s.wLength) {
      throw new StorageException(
          StorageError.BAD_OFFSET,
          "cannot truncate segment " + segment + " at " + offset + ": its length is " + s.wLength,
          s.wLength,
          null);
    }
    if (offset <= s.wStart) {
      return false;
    }
    catalog.touch(s);
    s.wStart = offset;
    target = s;
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id).putLong(offset);
    end(buf, start, RecordType.TRUNCATE, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applyTruncate(target.id, offset, millis);
  }

  @Override
  Void result() {
    return null;
  }
}
