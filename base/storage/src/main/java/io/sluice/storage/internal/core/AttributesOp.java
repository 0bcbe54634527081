package io.sluice.storage.internal.core;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.SegmentType;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Applies attribute updates atomically (sealed segments included). Log-writer owned. */
final class AttributesOp extends Op<Void> {
  private final List<AttributeUpdate> updates;
  private Segment target;
  private List<Map.Entry<UUID, Long>> resolved;

  AttributesOp(String segment, SegmentType expectedType, List<AttributeUpdate> updates) {
    super(segment, expectedType);
    this.updates = updates;
  }

  @Override
  int queuedBytes() {
    return maxRecordBytes() + 64;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER + 16 + Attributes.encodedSize(updates.size());
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    Segment s = lookup(catalog, segment);
    resolved = Attributes.resolve(s.wAttributes, updates, segment);
    if (resolved == null) {
      return false;
    }
    catalog.touch(s);
    Attributes.applyTo(s.wAttributes, resolved);
    target = s;
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id);
    Attributes.encode(buf, resolved);
    end(buf, start, RecordType.ATTRIBUTES, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applyAttributes(target.id, resolved, millis);
  }

  @Override
  Void result() {
    return null;
  }
}
