package io.sluice.streams.internal.meta;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The controller's metadata: one table segment of string keys to encoded records, mirrored in
 * memory. The node owns its data alone, so the mirror is loaded once at start and every change is
 * written to the table (and durable) before the mirror is updated.
 *
 * <p>Keys: {@code scope/<s>}, {@code stream/<s>/<t>}, {@code txn/<s>/<t>/<uuid>}, {@code
 * rg/<s>/<g>}, {@code kvt/<s>/<k>}. Not thread-safe: the controller serialises its calls.
 */
public final class MetadataTable {
  /** The table segment that holds the controller's metadata. */
  public static final String TABLE = "_system/_streams/metadata";

  private final TableStore tables;
  private final NavigableMap<String, byte[]> mirror = new TreeMap<>();

  private MetadataTable(TableStore tables) {
    this.tables = tables;
  }

  /** Opens (creating if needed) the metadata table and loads it. */
  public static MetadataTable open(TableStore tables) {
    try {
      tables.create(TABLE).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        throw e;
      }
    }
    MetadataTable t = new MetadataTable(tables);
    ByteBuffer cont = null;
    do {
      TablePage<TableEntry> page = tables.entries(TABLE, cont, 1000).join();
      for (TableEntry e : page.items()) {
        t.mirror.put(utf8(e.key()), bytes(e.value()));
      }
      cont = page.continuation();
    } while (cont != null);
    return t;
  }

  public byte[] get(String key) {
    return mirror.get(key);
  }

  /** Keys and values whose key starts with {@code prefix}, in key order. */
  public NavigableMap<String, byte[]> scan(String prefix) {
    return mirror.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
  }

  /** Durably stores the value, then mirrors it. */
  public void put(String key, byte[] value) {
    tables
        .put(
            TABLE,
            List.of(
                TableEntry.unversioned(
                    ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap(value))))
        .join();
    mirror.put(key, value);
  }

  /** Durably removes the keys, then from the mirror. */
  public void remove(List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<io.sluice.storage.TableKey> tk = new ArrayList<>();
    for (String k : keys) {
      tk.add(
          io.sluice.storage.TableKey.unversioned(
              ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8))));
    }
    tables.remove(TABLE, tk).join();
    keys.forEach(mirror::remove);
  }

  public void remove(String key) {
    remove(List.of(key));
  }

  private static String utf8(ByteBuffer b) {
    return new String(bytes(b), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
