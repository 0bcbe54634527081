package io.sluice.streams.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.TableIteratorArgs;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TablePage;
import io.sluice.storage.TableStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One page of a key-ordered table iteration bounded by the wire's iterator arguments. The 0.13
 * client iterates by key range (from key, to key, both inclusive) with no continuation token; older
 * clients pass back the token of the previous page. A range start is turned into a storage
 * continuation naming a key just below it (the storage token is a format byte 1 and the last key
 * returned); keys below the start that this lets through are filtered out. Stateless.
 */
final class TableScan {
  /** The entries of one page and the token for the next (empty when done). */
  record Page(List<TableEntry> entries, ByteBuf token) {}

  private static final int MAX_ITEMS = 10_000;
  private static final int MAX_BYTES = 2 * 1024 * 1024;

  private TableScan() {}

  static CompletableFuture<Page> run(
      TableStore tables, String segment, TableIteratorArgs args, int suggested) {
    int max = Math.max(1, Math.min(MAX_ITEMS, suggested));
    byte[] from = bytes(args.fromKey());
    byte[] to = args.toKey().isReadable() ? bytes(args.toKey()) : null;
    ByteBuffer token =
        args.continuationToken().isReadable()
            ? ByteBuffer.wrap(bytes(args.continuationToken()))
            : below(from);
    List<TableEntry> out = new ArrayList<>();
    return step(tables, segment, token, from, to, max, out, 0)
        .exceptionallyCompose(
            t -> {
              // a token the storage does not recognise: scan from the start, filtering by range
              if (StorageException.is(t, StorageError.INVALID_ARGUMENT) && token != null) {
                out.clear();
                return step(tables, segment, null, from, to, max, out, 0);
              }
              return CompletableFuture.failedFuture(t);
            });
  }

  private static CompletableFuture<Page> step(
      TableStore tables,
      String segment,
      ByteBuffer token,
      byte[] from,
      byte[] to,
      int max,
      List<TableEntry> out,
      int bytes) {
    return tables
        .entries(segment, token, max - out.size())
        .thenCompose(
            (TablePage<TableEntry> page) -> {
              int size = bytes;
              for (TableEntry e : page.items()) {
                byte[] k = bytes(e.key());
                if (to != null && Arrays.compareUnsigned(k, to) > 0) {
                  return CompletableFuture.completedFuture(new Page(out, Unpooled.EMPTY_BUFFER));
                }
                if (Arrays.compareUnsigned(k, from) >= 0) {
                  out.add(e);
                  size += k.length + e.value().remaining();
                }
              }
              ByteBuffer next = page.continuation();
              if (next == null) {
                return CompletableFuture.completedFuture(new Page(out, Unpooled.EMPTY_BUFFER));
              }
              if (out.size() >= max || size >= MAX_BYTES) {
                return CompletableFuture.completedFuture(
                    new Page(out, Unpooled.wrappedBuffer(bytes(next))));
              }
              return step(tables, segment, next, from, to, max, out, size);
            });
  }

  /** A storage continuation just below {@code key}, or null to start at the first key. */
  static ByteBuffer below(byte[] key) {
    byte[] k = key.clone();
    int i = k.length - 1;
    while (i >= 0 && k[i] == 0) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    k[i]--;
    for (int j = i + 1; j < k.length; j++) {
      k[j] = (byte) 0xFF;
    }
    ByteBuffer b = ByteBuffer.allocate(1 + k.length);
    b.put((byte) 1).put(k).flip();
    return b;
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] a = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), a);
    return a;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
