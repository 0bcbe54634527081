package io.sluice.storage.internal.core;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Appends bytes, optionally conditional on the length, with attribute updates applied in the same
 * step. Log-writer owned once queued; the caller's buffer is read, never changed.
 */
final class AppendOp extends Op<Long> {
  private final ByteBuffer data;
  private final long expectedLength;
  private final List<AttributeUpdate> updates;
  private Segment target;
  private long offset;
  private List<Map.Entry<UUID, Long>> resolved;

  AppendOp(
      String segment,
      SegmentType expectedType,
      ByteBuffer data,
      long expectedLength,
      List<AttributeUpdate> updates) {
    super(segment, expectedType);
    this.data = data;
    this.expectedLength = expectedLength;
    this.updates = updates;
  }

  /** The bytes appended to the segment. */
  int dataBytes() {
    return data.remaining();
  }

  @Override
  int queuedBytes() {
    return data.remaining() + Attributes.ENTRY_BYTES * updates.size() + 96;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER + 24 + Attributes.encodedSize(updates.size()) + data.remaining();
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    Segment s = lookup(catalog, segment);
    if (s.wSealed) {
      throw new StorageException(StorageError.SEGMENT_SEALED, "segment " + segment + " is sealed");
    }
    if (expectedLength != SegmentStore.ANY_LENGTH && expectedLength != s.wLength) {
      throw new StorageException(
          StorageError.BAD_OFFSET,
          "segment "
              + segment
              + " has length "
              + s.wLength
              + ", the append expected "
              + expectedLength,
          s.wLength,
          null);
    }
    resolved = Attributes.resolve(s.wAttributes, updates, segment);
    catalog.touch(s);
    Attributes.applyTo(s.wAttributes, resolved);
    target = s;
    offset = s.wLength;
    s.wLength += data.remaining();
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(target.id).putLong(offset);
    Attributes.encode(buf, resolved);
    buf.put(data.duplicate());
    end(buf, start, RecordType.APPEND, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    long used = catalog.applyAppend(target.id, offset, resolved, data.duplicate(), millis);
    catalog.cache().release(reserved - used);
    reserved = 0;
  }

  @Override
  Long result() {
    return offset + data.remaining();
  }
}
