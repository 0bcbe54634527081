package io.sluice.streams.internal.controller;

import io.sluice.storage.Clock;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableStore;
import io.sluice.streams.internal.meta.MetadataTable;
import io.sluice.streams.internal.meta.StreamRecord;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What every part of the controller shares: the metadata table, the storage engine, the clock and
 * the one monitor that serialises controller operations (they are rare and short next to data
 * traffic, and one order of changes keeps the metadata consistent). Thread-safe only under {@link
 * #lock}.
 */
final class ControllerContext {
  final Object lock = new Object();
  final MetadataTable meta;
  final SegmentStore segments;
  final TableStore tables;
  final Clock clock;

  ControllerContext(StorageEngine storage, Clock clock) {
    this.meta = MetadataTable.open(storage.tables());
    this.segments = storage.segments();
    this.tables = storage.tables();
    this.clock = clock;
  }

  static String scopeKey(String scope) {
    return "scope/" + scope;
  }

  static String streamKey(String scope, String stream) {
    return "stream/" + scope + "/" + stream;
  }

  StreamRecord stream(String scope, String stream) {
    byte[] b = meta.get(streamKey(scope, stream));
    return b == null ? null : StreamRecord.decode(ByteBuffer.wrap(b));
  }

  void save(StreamRecord r) {
    meta.put(streamKey(r.scope(), r.name()), r.encode());
  }

  boolean scopeExists(String scope) {
    return meta.get(scopeKey(scope)) != null;
  }

  void createSegment(String name) {
    try {
      segments.create(name, Map.of()).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
  }

  void createTable(String name) {
    try {
      tables.create(name).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
  }

  /** Seals a segment and returns its length; an already sealed one just reports its length. */
  long sealSegment(String name) {
    try {
      return segments.seal(name).join();
    } catch (RuntimeException e) {
      if (StorageException.is(e, StorageError.SEGMENT_SEALED)) {
        return segments.info(name).join().length();
      }
      if (StorageException.is(e, StorageError.SEGMENT_NOT_FOUND)) {
        return 0;
      }
      throw e;
    }
  }

  void deleteSegment(String name) {
    try {
      segments.delete(name).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_NOT_FOUND)) {
        throw e;
      }
    }
  }

  void deleteTable(String name) {
    try {
      tables.delete(name, false).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_NOT_FOUND)) {
        throw e;
      }
    }
  }
}
