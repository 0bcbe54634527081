package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentType;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Deletes a segment and its data. Log-writer owned. */
final class DeleteOp extends Op<Void> {
  private Segment target;

  DeleteOp(String segment, SegmentType expectedType) {
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
    catalog.touch(s);
    s.wDeleted = true;
    catalog.wRemove(segment);
    target = s;
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id);
    end(buf, start, RecordType.DELETE, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applyDelete(target.id, millis);
  }

  @Override
  Void result() {
    return null;
  }
}
