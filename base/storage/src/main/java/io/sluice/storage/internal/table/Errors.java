package io.sluice.storage.internal.table;

import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Factories for the table layer's failures. Stateless and thread-safe. */
final class Errors {
  private Errors() {}

  static StorageException notFound(String table) {
    return new StorageException(
        StorageError.SEGMENT_NOT_FOUND, "table segment '" + table + "' does not exist");
  }

  static StorageException wrongType(String table) {
    return new StorageException(
        StorageError.WRONG_SEGMENT_TYPE,
        "segment '" + table + "' is a plain segment, not a table segment");
  }

  static StorageException closed() {
    return new StorageException(StorageError.CLOSED, "the table store is closed");
  }

  static StorageException invalid(String what) {
    return new StorageException(StorageError.INVALID_ARGUMENT, what);
  }

  static StorageException badVersion(String table, int index, long expected, long actual) {
    return new StorageException(
        StorageError.BAD_KEY_VERSION,
        "table '"
            + table
            + "': entry "
            + index
            + " expected version "
            + describe(expected)
            + " but the key "
            + (actual < 0 ? "does not exist" : "has version " + actual),
        index,
        null);
  }

  static StorageException compacted(String table, long position, long earliest) {
    return new StorageException(
        StorageError.POSITION_COMPACTED,
        "table '"
            + table
            + "': position "
            + position
            + " was compacted away; read from "
            + earliest
            + " or from 0 (the whole current state)",
        earliest,
        null);
  }

  static <T> CompletableFuture<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }

  /** The cause under a future's wrapper. */
  static Throwable cause(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static String describe(long version) {
    if (version == io.sluice.storage.TableKey.NOT_EXISTS) {
      return "NOT_EXISTS";
    }
    return Long.toString(version);
  }
}
