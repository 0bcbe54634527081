package io.sluice.sessions.internal;

import io.sluice.sessions.client.KindSpec;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The defined kinds and their redelivery policies, kept in a table segment (key: the kind as a
 * big-endian u32; value: {@code u8 version=1 | i64 defaultTimeoutMillis | i32 maxAttempts | i32
 * deadLetterKind | i64 maxJitterMillis}) and mirrored in memory. Kind 0, the default dead-letter
 * kind, always exists. Reads and the in-memory update are done on the sessions loop thread; not
 * thread-safe.
 */
final class KindRegistry {
  static final int DEAD_LETTERS = 0;
  static final KindSpec DEFAULT_DEAD_LETTERS = KindSpec.of(DEAD_LETTERS, Duration.ofMinutes(1));

  private final TableStore tables;
  private final String table;
  private final Map<Integer, KindSpec> kinds = new TreeMap<>();

  KindRegistry(TableStore tables, String table) {
    this.tables = tables;
    this.table = table;
    kinds.put(DEAD_LETTERS, DEFAULT_DEAD_LETTERS);
  }

  /** Loads the stored kinds (blocking); creates the table when missing. */
  void load() {
    try {
      tables.create(table).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
    ByteBuffer continuation = null;
    do {
      TablePage<TableEntry> page = tables.entries(table, continuation, 1000).join();
      for (TableEntry e : page.items()) {
        KindSpec spec = decode(e.key().duplicate().getInt(), e.value().duplicate());
        kinds.put(spec.kind(), spec);
      }
      continuation = page.continuation();
    } while (continuation != null);
  }

  KindSpec get(int kind) {
    return kinds.get(kind);
  }

  Collection<KindSpec> all() {
    return kinds.values();
  }

  /** The policy for {@code kind}, or kind 0's when the kind is no longer known. */
  KindSpec policyOf(int kind) {
    KindSpec k = kinds.get(kind);
    return k != null ? k : kinds.get(DEAD_LETTERS);
  }

  /** Why {@code spec} cannot be defined, or null when it can. */
  String validate(KindSpec spec) {
    if (spec.defaultTimeout().compareTo(SessionLog.MAX_TIMEOUT) > 0
        || spec.maxJitter().compareTo(SessionLog.MAX_TIMEOUT) > 0) {
      return "timeouts and jitter are limited to " + SessionLog.MAX_TIMEOUT.toDays() + " days";
    }
    if (spec.deadLetterKind() != spec.kind() && !kinds.containsKey(spec.deadLetterKind())) {
      return "dead-letter kind " + spec.deadLetterKind() + " is not defined";
    }
    return null;
  }

  /** Stores the definition durably; the caller applies it with {@link #put} once it is. */
  CompletableFuture<List<Long>> persist(KindSpec spec) {
    return tables.put(
        table, List.of(TableEntry.unversioned(key(spec.kind()), encode(spec).flip())));
  }

  void put(KindSpec spec) {
    kinds.put(spec.kind(), spec);
  }

  List<KindSpec> snapshot() {
    return new ArrayList<>(kinds.values());
  }

  private static ByteBuffer key(int kind) {
    return ByteBuffer.allocate(4).putInt(0, kind);
  }

  private static ByteBuffer encode(KindSpec s) {
    return ByteBuffer.allocate(25)
        .put((byte) 1)
        .putLong(s.defaultTimeout().toMillis())
        .putInt(s.maxAttempts())
        .putInt(s.deadLetterKind())
        .putLong(s.maxJitter().toMillis());
  }

  private static KindSpec decode(int kind, ByteBuffer v) {
    if (v.remaining() < 25 || v.get() != 1) {
      throw new StorageException(
          StorageError.CORRUPT, "session kind " + kind + " has an unreadable definition");
    }
    return new KindSpec(
        kind,
        Duration.ofMillis(v.getLong()),
        v.getInt(),
        v.getInt(),
        Duration.ofMillis(v.getLong()));
  }
}
