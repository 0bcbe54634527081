package io.sluice.streams.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.CreateTableSegment;
import io.sluice.protocol.wire.DeleteTableSegment;
import io.sluice.protocol.wire.GetTableSegmentInfo;
import io.sluice.protocol.wire.ReadTable;
import io.sluice.protocol.wire.ReadTableEntries;
import io.sluice.protocol.wire.ReadTableEntriesDelta;
import io.sluice.protocol.wire.ReadTableKeys;
import io.sluice.protocol.wire.RemoveTableKeys;
import io.sluice.protocol.wire.Reply;
import io.sluice.protocol.wire.SegmentCreated;
import io.sluice.protocol.wire.SegmentDeleted;
import io.sluice.protocol.wire.TableEntriesDeltaRead;
import io.sluice.protocol.wire.TableEntriesRead;
import io.sluice.protocol.wire.TableEntriesUpdated;
import io.sluice.protocol.wire.TableKeyBadVersion;
import io.sluice.protocol.wire.TableKeyDoesNotExist;
import io.sluice.protocol.wire.TableKeysRead;
import io.sluice.protocol.wire.TableKeysRemoved;
import io.sluice.protocol.wire.TableRead;
import io.sluice.protocol.wire.TableSegmentInfo;
import io.sluice.protocol.wire.TableValue;
import io.sluice.protocol.wire.UpdateTableEntries;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableChange;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Table-segment requests: create/delete, conditional updates and removals, lookups, key and entry
 * iteration (by continuation token or by key range, as the 0.13 client iterates) and the change
 * feed. Versions keep the wire's meaning: {@code Long.MIN_VALUE} unconditional, {@code -1} must not
 * exist. Stateless and thread-safe.
 */
final class TableRequests {
  private final TableStore tables;

  TableRequests(TableStore tables) {
    this.tables = tables;
  }

  private static CompletableFuture<Reply> recover(
      CompletableFuture<Reply> f, long requestId, String segment) {
    return f.exceptionally(t -> Replies.error(requestId, segment, t));
  }

  static ByteBuffer nio(ByteBuf b) {
    byte[] a = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), a);
    return ByteBuffer.wrap(a);
  }

  static ByteBuf buf(ByteBuffer b) {
    return Unpooled.wrappedBuffer(b.duplicate());
  }

  CompletableFuture<Reply> create(CreateTableSegment r) {
    return recover(
        tables.create(r.segment()).thenApply(v -> new SegmentCreated(r.requestId(), r.segment())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> delete(DeleteTableSegment r) {
    return recover(
        tables
            .delete(r.segment(), r.mustBeEmpty())
            .thenApply(v -> new SegmentDeleted(r.requestId(), r.segment())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> info(GetTableSegmentInfo r) {
    return recover(
        tables
            .info(r.segment())
            .thenApply(
                i ->
                    new TableSegmentInfo(
                        r.requestId(), r.segment(), 0, i.lastVersion(), i.keyCount(), 0)),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> update(UpdateTableEntries r) {
    List<TableEntry> entries = new ArrayList<>(r.entries().size());
    for (io.sluice.protocol.wire.TableEntry e : r.entries()) {
      entries.add(new TableEntry(nio(e.key().key()), nio(e.value().value()), e.key().version()));
    }
    List<ByteBuffer> keys = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    entries.forEach(
        e -> {
          keys.add(e.key());
          versions.add(e.version());
        });
    return tables
        .put(r.segment(), entries)
        .<Reply>thenApply(v -> new TableEntriesUpdated(r.requestId(), v))
        .exceptionallyCompose(t -> conditionFailed(r.requestId(), r.segment(), keys, versions, t));
  }

  CompletableFuture<Reply> remove(RemoveTableKeys r) {
    List<TableKey> keys = new ArrayList<>(r.keys().size());
    List<ByteBuffer> raw = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (io.sluice.protocol.wire.TableKey k : r.keys()) {
      ByteBuffer b = nio(k.key());
      keys.add(new TableKey(b, k.version()));
      raw.add(b);
      versions.add(k.version());
    }
    return tables
        .remove(r.segment(), keys)
        .<Reply>thenApply(v -> new TableKeysRemoved(r.requestId(), r.segment()))
        .exceptionallyCompose(t -> conditionFailed(r.requestId(), r.segment(), raw, versions, t));
  }

  /** A failed version condition becomes KeyDoesNotExist or KeyBadVersion, as Pravega replies. */
  private CompletableFuture<Reply> conditionFailed(
      long requestId, String segment, List<ByteBuffer> keys, List<Long> versions, Throwable t) {
    StorageException e = StorageException.unwrap(t);
    if (e == null || e.error() != StorageError.BAD_KEY_VERSION) {
      return CompletableFuture.completedFuture(Replies.error(requestId, segment, t));
    }
    int i = (int) Math.max(0, Math.min(keys.size() - 1, e.context()));
    if (versions.get(i) == TableKey.NOT_EXISTS) {
      return CompletableFuture.completedFuture(new TableKeyBadVersion(requestId, segment, ""));
    }
    return tables
        .get(segment, List.of(keys.get(i)))
        .<Reply>thenApply(
            found ->
                found.get(0) == null
                    ? new TableKeyDoesNotExist(requestId, segment, "")
                    : new TableKeyBadVersion(requestId, segment, ""))
        .exceptionally(t2 -> Replies.error(requestId, segment, t2));
  }

  CompletableFuture<Reply> read(ReadTable r) {
    List<ByteBuffer> keys = new ArrayList<>(r.keys().size());
    r.keys().forEach(k -> keys.add(nio(k.key())));
    return recover(
        tables
            .get(r.segment(), keys)
            .thenApply(
                found -> {
                  List<io.sluice.protocol.wire.TableEntry> out = new ArrayList<>(found.size());
                  for (int i = 0; i < found.size(); i++) {
                    TableEntry e = found.get(i);
                    out.add(
                        e == null
                            ? new io.sluice.protocol.wire.TableEntry(
                                new io.sluice.protocol.wire.TableKey(
                                    buf(keys.get(i)), TableKey.NOT_EXISTS),
                                TableValue.EMPTY)
                            : wireEntry(e));
                  }
                  return new TableRead(r.requestId(), r.segment(), out);
                }),
        r.requestId(),
        r.segment());
  }

  static io.sluice.protocol.wire.TableEntry wireEntry(TableEntry e) {
    return new io.sluice.protocol.wire.TableEntry(
        new io.sluice.protocol.wire.TableKey(buf(e.key()), e.version()),
        new TableValue(buf(e.value())));
  }

  CompletableFuture<Reply> readKeys(ReadTableKeys r) {
    return recover(
        TableScan.run(tables, r.segment(), r.args(), r.suggestedKeyCount())
            .thenApply(
                page -> {
                  List<io.sluice.protocol.wire.TableKey> keys = new ArrayList<>();
                  page.entries()
                      .forEach(
                          e ->
                              keys.add(
                                  new io.sluice.protocol.wire.TableKey(buf(e.key()), e.version())));
                  return new TableKeysRead(r.requestId(), r.segment(), keys, page.token());
                }),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> readEntries(ReadTableEntries r) {
    return recover(
        TableScan.run(tables, r.segment(), r.args(), r.suggestedEntryCount())
            .thenApply(
                page -> {
                  List<io.sluice.protocol.wire.TableEntry> out = new ArrayList<>();
                  page.entries().forEach(e -> out.add(wireEntry(e)));
                  return new TableEntriesRead(r.requestId(), r.segment(), out, page.token());
                }),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> readDelta(ReadTableEntriesDelta r) {
    int count = Math.max(1, Math.min(10_000, r.suggestedEntryCount()));
    return tables
        .changes(r.segment(), Math.max(0, r.fromPosition()), count)
        .<Reply>thenApply(
            page -> {
              List<io.sluice.protocol.wire.TableEntry> out = new ArrayList<>();
              for (TableChange c : page.changes()) {
                if (!c.removed()) {
                  out.add(wireEntry(new TableEntry(c.key(), c.value(), c.version())));
                }
              }
              return new TableEntriesDeltaRead(
                  r.requestId(),
                  r.segment(),
                  out,
                  false,
                  page.changes().size() < count,
                  page.nextPosition());
            })
        .exceptionally(
            t ->
                StorageException.is(t, StorageError.POSITION_COMPACTED)
                    ? new TableEntriesDeltaRead(
                        r.requestId(), r.segment(), List.of(), true, false, r.fromPosition())
                    : Replies.error(r.requestId(), r.segment(), t));
  }
}
