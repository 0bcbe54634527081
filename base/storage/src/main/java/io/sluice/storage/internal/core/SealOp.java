package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Seals a segment. Log-writer owned. */
final class SealOp extends Op<Long> {
  private Segment target;
  private long length;

  SealOp(String segment, SegmentType expectedType) {
    super(segment, expectedType);
  }

  @Override
  int queuedBytes() {
    return 96;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER + 16;
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    Segment s = lookup(catalog, segment);
    if (s.wSealed) {
      throw new StorageException(
          StorageError.SEGMENT_SEALED, "segment " + segment + " is already sealed");
    }
    catalog.touch(s);
    s.wSealed = true;
    target = s;
    length = s.wLength;
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id);
    end(buf, start, RecordType.SEAL, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applySeal(target.id, millis);
  }

  @Override
  Long result() {
    return length;
  }
}
