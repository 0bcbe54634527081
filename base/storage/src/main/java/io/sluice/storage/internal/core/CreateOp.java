package io.sluice.storage.internal.core;

import io.sluice.storage.SegmentInfo;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.log.LogFormat;
import io.sluice.storage.internal.log.RecordType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Creates a segment of a type. Log-writer owned once queued. */
final class CreateOp extends Op<SegmentInfo> {
  private final SegmentType type;
  private final byte[] nameBytes;
  private final List<Map.Entry<UUID, Long>> attrs;
  private Segment created;

  CreateOp(String name, SegmentType type, List<Map.Entry<UUID, Long>> attrs) {
    super(name, null);
    this.type = type;
    this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
    this.attrs = attrs;
  }

  @Override
  int queuedBytes() {
    return maxRecordBytes() + 64;
  }

  @Override
  int maxRecordBytes() {
    return LogFormat.RECORD_HEADER
        + 8
        + 8
        + 1
        + 2
        + nameBytes.length
        + Attributes.encodedSize(attrs.size());
  }

  @Override
  boolean prepare(Catalog catalog, long millis) {
    if (catalog.wLookup(segment) != null) {
      throw new StorageException(
          StorageError.SEGMENT_EXISTS, "segment " + segment + " already exists");
    }
    long id = catalog.wAllocateSegmentId();
    SegmentView v = new SegmentView(0, 0, false, false, Attributes.with(Map.of(), attrs), millis);
    created = new Segment(id, segment, type, v);
    catalog.wPut(segment, created);
    return true;
  }

  @Override
  void encode(ByteBuffer buf, long millis, CRC32C crc) {
    int start = begin(buf);
    buf.putLong(millis).putLong(created.id).put((byte) (type == SegmentType.TABLE ? 1 : 0));
    buf.putShort((short) nameBytes.length).put(nameBytes);
    Attributes.encode(buf, attrs);
    end(buf, start, RecordType.CREATE, crc);
  }

  @Override
  void apply(Catalog catalog, long millis) {
    catalog.applyCreate(created);
  }

  @Override
  SegmentInfo result() {
    return created.view().info(segment, type);
  }
}
