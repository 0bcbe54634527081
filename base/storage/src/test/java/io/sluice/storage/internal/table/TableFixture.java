package io.sluice.storage.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableStore;
import io.sluice.storage.testing.MemorySegmentBackend;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the table tests. Not thread-safe beyond what the helpers call. */
final class TableFixture {
  static final int MAX_KEY = 64;
  static final int MAX_APPEND = 64 << 10;

  private TableFixture() {}

  static StorageConfig config() {
    return StorageConfig.builder(Path.of("unused-by-tables"))
        .maxKeyBytes(MAX_KEY)
        .maxAppendBytes(MAX_APPEND)
        .walFileSize(1 << 20)
        .build();
  }

  static TableSegments open(MemorySegmentBackend backend) {
    return open(backend, TableOptions.DEFAULTS);
  }

  static TableSegments open(MemorySegmentBackend backend, TableOptions options) {
    TableSegments t = new TableSegments(backend, config(), options);
    t.recover();
    return t;
  }

  static ByteBuffer b(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
  }

  static String s(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return new String(a, StandardCharsets.UTF_8);
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  /** Waits for {@code f} to fail with {@code error} and returns the exception. */
  static StorageException fails(CompletableFuture<?> f, StorageError error) {
    try {
      Object v = f.get(30, TimeUnit.SECONDS);
      fail("expected " + error + " but got " + v);
      return null;
    } catch (Exception e) {
      StorageException se = StorageException.unwrap(e);
      assertThat(se).as("failure %s", e).isNotNull();
      assertThat(se.error()).as(se.getMessage()).isEqualTo(error);
      return se;
    }
  }

  static long put(TableStore t, String table, String key, String value) {
    return join(t.put(table, List.of(TableEntry.unversioned(b(key), b(value))))).get(0);
  }

  static String get(TableStore t, String table, String key) {
    TableEntry e = join(t.get(table, List.of(b(key)))).get(0);
    return e == null ? null : s(e.value());
  }

  /** Every entry of a table (key -> "value@version"), read page by page. */
  static Map<String, String> dump(TableStore t, String table, int pageSize) {
    Map<String, String> out = new TreeMap<>();
    ByteBuffer cont = null;
    List<String> order = new ArrayList<>();
    do {
      var page = join(t.entries(table, cont, pageSize));
      for (TableEntry e : page.items()) {
        out.put(s(e.key()), s(e.value()) + "@" + e.version());
        order.add(s(e.key()));
      }
      cont = page.continuation();
    } while (cont != null);
    assertThat(order).isSorted();
    return out;
  }
}
