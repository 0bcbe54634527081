package io.sluice.storage.internal.core;

import io.sluice.storage.FileLayer;
import io.sluice.storage.SegmentType;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.internal.data.Chunk;
import io.sluice.storage.internal.data.ReadCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A snapshot of every segment's metadata at one log position, and its file {@code checkpoint} in
 * the data directory (written as {@code checkpoint.tmp}, forced, renamed over the old one, then the
 * directory is forced). Layout, big-endian:
 *
 * <pre>
 *   u32 magic "SLCK" | u32 version | u64 logPosition | u64 nextSegmentId | u64 nextChunkId
 *   u32 segmentCount, per segment:
 *     u64 id | u8 type | u16 nameLength | name | u64 length | u64 startOffset | u8 sealed
 *     u64 lastModified | u32 attributeCount | (u64 msb, u64 lsb, i64 value)*
 *     u32 chunkCount | (u64 chunkId, u64 segmentOffset, u64 chunkLength)*
 *   u32 crc32c of everything before
 * </pre>
 *
 * A chunk's bytes up to its length are in its chunk file when the checkpoint is written; recovery
 * replays the log from {@code logPosition}. Immutable.
 */
public record Checkpoint(
    long position, long nextSegmentId, long nextChunkId, List<SegmentImage> segments) {
  static final int MAGIC = 0x534C434B;
  static final int VERSION = 1;
  public static final String FILE = "checkpoint";

  /** One segment in a checkpoint. */
  public record SegmentImage(
      long id,
      String name,
      SegmentType type,
      SegmentView view,
      long[] chunkIds,
      long[] chunkStarts,
      long[] chunkLengths) {}

  /** Captures the published state (log writer thread, between batches). */
  static Checkpoint capture(Catalog catalog, long position) {
    List<SegmentImage> images = new ArrayList<>(catalog.size());
    for (Segment s : catalog.all()) {
      ChunkRef[] cs = s.chunks();
      long[] ids = new long[cs.length];
      long[] starts = new long[cs.length];
      long[] lengths = new long[cs.length];
      for (int i = 0; i < cs.length; i++) {
        ids[i] = cs[i].chunk().id();
        starts[i] = cs[i].start();
        lengths[i] = cs[i].chunk().length();
      }
      images.add(new SegmentImage(s.id, s.name, s.type, s.view(), ids, starts, lengths));
    }
    return new Checkpoint(position, catalog.nextSegmentId(), catalog.nextChunkId(), images);
  }

  /** Installs this checkpoint's segments into an empty catalog (recovery). */
  void install(Catalog catalog, ReadCache cache) {
    for (SegmentImage im : segments) {
      Segment s = new Segment(im.id, im.name, im.type, im.view);
      ChunkRef[] refs = new ChunkRef[im.chunkIds.length];
      for (int i = 0; i < refs.length; i++) {
        Chunk c =
            new Chunk(im.chunkIds[i], catalog.chunkFile(im.chunkIds[i]), cache, im.chunkLengths[i]);
        refs[i] = new ChunkRef(c, im.chunkStarts[i]);
      }
      catalog.install(s, refs);
    }
    catalog.setNextChunkId(nextChunkId);
  }

  byte[] encode() {
    int size = 4 + 4 + 8 + 8 + 8 + 4 + 4;
    List<byte[]> names = new ArrayList<>(segments.size());
    for (SegmentImage im : segments) {
      byte[] n = im.name.getBytes(StandardCharsets.UTF_8);
      names.add(n);
      size += 8 + 1 + 2 + n.length + 8 + 8 + 1 + 8 + 4 + 24 * im.view.attributes().size() + 4;
      size += 24 * im.chunkIds.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putInt(VERSION).putLong(position).putLong(nextSegmentId).putLong(nextChunkId);
    b.putInt(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      SegmentImage im = segments.get(i);
      byte[] n = names.get(i);
      SegmentView v = im.view;
      b.putLong(im.id).put((byte) (im.type == SegmentType.TABLE ? 1 : 0));
      b.putShort((short) n.length).put(n);
      b.putLong(v.length()).putLong(v.startOffset()).put((byte) (v.sealed() ? 1 : 0));
      b.putLong(v.lastModified());
      b.putInt(v.attributes().size());
      for (Map.Entry<UUID, Long> e : v.attributes().entrySet()) {
        b.putLong(e.getKey().getMostSignificantBits())
            .putLong(e.getKey().getLeastSignificantBits())
            .putLong(e.getValue());
      }
      b.putInt(im.chunkIds.length);
      for (int k = 0; k < im.chunkIds.length; k++) {
        b.putLong(im.chunkIds[k]).putLong(im.chunkStarts[k]).putLong(im.chunkLengths[k]);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static Checkpoint decode(byte[] data, Path file) {
    ByteBuffer b = ByteBuffer.wrap(data);
    try {
      if (data.length < 40) {
        throw new IllegalArgumentException("too short");
      }
      CRC32C crc = new CRC32C();
      crc.update(data, 0, data.length - 4);
      if ((int) crc.getValue() != b.getInt(data.length - 4)) {
        throw corrupt(file, data.length - 4, "checksum mismatch");
      }
      b.limit(data.length - 4);
      if (b.getInt() != MAGIC) {
        throw corrupt(file, 0, "bad magic");
      }
      int version = b.getInt();
      if (version != VERSION) {
        throw corrupt(file, 4, "unknown version " + version);
      }
      long position = b.getLong();
      long nextSeg = b.getLong();
      long nextChunk = b.getLong();
      int count = b.getInt();
      if (count < 0 || count > b.remaining() / 40) {
        throw corrupt(file, b.position() - 4, "bad segment count " + count);
      }
      List<SegmentImage> images = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long id = b.getLong();
        SegmentType type = b.get() == 1 ? SegmentType.TABLE : SegmentType.PLAIN;
        byte[] n = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(n);
        long length = b.getLong();
        long start = b.getLong();
        boolean sealed = b.get() == 1;
        long modified = b.getLong();
        int attrs = b.getInt();
        if (attrs < 0 || attrs > b.remaining() / 24) {
          throw corrupt(file, b.position() - 4, "bad attribute count " + attrs);
        }
        java.util.HashMap<UUID, Long> am = new java.util.HashMap<>();
        for (int k = 0; k < attrs; k++) {
          am.put(new UUID(b.getLong(), b.getLong()), b.getLong());
        }
        int chunks = b.getInt();
        if (chunks < 0 || chunks > b.remaining() / 24) {
          throw corrupt(file, b.position() - 4, "bad chunk count " + chunks);
        }
        long[] ids = new long[chunks];
        long[] starts = new long[chunks];
        long[] lengths = new long[chunks];
        for (int k = 0; k < chunks; k++) {
          ids[k] = b.getLong();
          starts[k] = b.getLong();
          lengths[k] = b.getLong();
        }
        SegmentView v = new SegmentView(length, start, sealed, false, Map.copyOf(am), modified);
        images.add(
            new SegmentImage(
                id, new String(n, StandardCharsets.UTF_8), type, v, ids, starts, lengths));
      }
      return new Checkpoint(position, nextSeg, nextChunk, images);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw corrupt(file, b.position(), "bad structure: " + e);
    }
  }

  private static StorageException corrupt(Path file, long offset, String what) {
    return new StorageException(
        StorageError.CORRUPT, "corrupt checkpoint " + file + " at offset " + offset + ": " + what);
  }

  /** Writes this checkpoint atomically into {@code dir}. */
  void write(FileLayer fs, Path dir) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    ByteBuffer data = ByteBuffer.wrap(encode());
    try (FileChannel ch =
        fs.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      long at = 0;
      while (data.hasRemaining()) {
        at += ch.write(data, at);
      }
      ch.force(true);
    }
    fs.moveAtomically(tmp, dir.resolve(FILE));
    fs.syncDirectory(dir);
  }

  /** Reads the checkpoint in {@code dir}, or null if there is none. */
  static Checkpoint read(FileLayer fs, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!fs.exists(file)) {
      return null;
    }
    try (FileChannel ch = fs.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw corrupt(file, 0, "checkpoint of " + size + " bytes");
      }
      ByteBuffer b = ByteBuffer.allocate((int) size);
      long at = 0;
      while (b.hasRemaining()) {
        int n = ch.read(b, at);
        if (n < 0) {
          break;
        }
        at += n;
      }
      return decode(b.array(), file);
    }
  }
}
