package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Moves all of a source segment to the end of a target in one step (the source's chunks join the
 * target's list, no bytes are copied) and removes the source. Log-writer owned.
 */
final class MergeOp extends Op<Long> {
  private final String source;
  private Segment target;
  private Segment src;
  private long newLength;

  MergeOp(String target, String source, SegmentType expectedType) {
    super(target, expectedType);
    this.source = source;
  }

  @Override
  int queuedBytes() {
    return 128;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER + 24;
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    if (segment.equals(source)) {
      throw new StorageException(
          StorageError.INVALID_ARGUMENT, "cannot merge segment " + segment + " into itself");
    }
    Segment t = lookup(catalog, segment);
    Segment s = lookup(catalog, source);
    if (t.type != s.type) {
      throw new StorageException(
          StorageError.WRONG_SEGMENT_TYPE,
          "cannot merge " + s.type + " segment " + source + " into " + t.type + " " + segment);
    }
    if (t.wSealed) {
      throw new StorageException(
          StorageError.SEGMENT_SEALED, "merge target " + segment + " is sealed");
    }
    if (s.wStart > 0) {
      throw new StorageException(
          StorageError.SEGMENT_TRUNCATED,
          "merge source " + source + " was truncated at " + s.wStart);
    }
    catalog.touch(t);
    catalog.touch(s);
    t.wLength += s.wLength;
    s.wSealed = true;
    s.wDeleted = true;
    catalog.wRemove(source);
    target = t;
    src = s;
    newLength = t.wLength;
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id).putLong(src.id);
    end(buf, start, RecordType.MERGE, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applyMerge(target.id, src.id, millis);
  }

  @Override
  Long result() {
    return newLength;
  }
}
