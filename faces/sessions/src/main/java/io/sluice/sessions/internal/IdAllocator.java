package io.sluice.sessions.internal;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands out session ids 1, 2, 3, ... that are never reused, even across crashes: blocks of ids are
 * reserved durably (the table key {@code next-id} holds the first id not yet reserved) before any
 * id of a block is handed out, and the next block is reserved in the background when half of the
 * current one is used. Because ids are issued in order, an id below {@link #next()} that is not a
 * live session belongs to a finished one (or to an open that never completed). Owned by the
 * sessions loop thread; not thread-safe.
 */
final class IdAllocator {
  private static final ByteBuffer KEY =
      ByteBuffer.wrap("next-id".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

  private final TableStore tables;
  private final String table;
  private final long block;
  private long next;
  private long limit;
  private long version;
  private boolean reserving;

  IdAllocator(TableStore tables, String table, long block) {
    this.tables = tables;
    this.table = table;
    this.block = block;
  }

  /** Reads the reservation and reserves the first block (blocking); creates the table if needed. */
  void load() {
    try {
      tables.create(table).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
    TableEntry e = tables.get(table, List.of(KEY.duplicate())).join().get(0);
    long reserved = e == null ? 1 : e.value().duplicate().getLong();
    version = e == null ? TableKey.NOT_EXISTS : e.version();
    next = reserved;
    limit = next;
    long newLimit = reserved + block;
    version = tables.put(table, List.of(entry(newLimit))).join().get(0);
    limit = newLimit;
  }

  private TableEntry entry(long newLimit) {
    return TableEntry.versioned(
        KEY.duplicate(), ByteBuffer.allocate(8).putLong(0, newLimit), version);
  }

  /** The next id to be issued: every id below it was issued at some point. */
  long next() {
    return next;
  }

  /**
   * Issues an id, or returns 0 when the reserved block is used up and the next is not durable yet.
   * A background reservation completes through {@code onLoop}, which must run it on the loop.
   */
  long allocate(Consumer<Runnable> onLoop) {
    if (!reserving && limit - next <= block / 2) {
      reserving = true;
      long newLimit = limit + block;
      tables
          .put(table, List.of(entry(newLimit)))
          .whenComplete(
              (versions, error) ->
                  onLoop.accept(
                      () -> {
                        reserving = false;
                        if (error == null) {
                          version = versions.get(0);
                          limit = newLimit;
                        }
                      }));
    }
    if (next >= limit) {
      return 0;
    }
    return next++;
  }
}
