package io.sluice.storage.acceptance;

import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.Durability;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.storage.TableEntry;
import io.sluice.storage.TableKey;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The child-JVM side of {@link CrashRecoveryIT}: opens the engine on a directory and runs, until it
 * is killed, concurrent appends to several segments, table puts and removes with versions, an
 * attribute compare-and-set counter, and create/append/merge/truncate/seal rounds. It prints one
 * line to stdout per intent and per acknowledged operation (the protocol is in {@link CrashModel}),
 * flushing each line, and prints the acknowledgement only after the engine's future completed.
 *
 * <p>Arguments: {@code dataDir generation seed}. Threads: one per writer; the ack printer is a
 * synchronized {@link PrintStream}.
 */
public final class CrashWorkload {
  /** Plain segments with concurrent, pipelined appends: ids 0..STREAMS-1. */
  static final int STREAMS = 4;

  /** Segment id of the one written with conditional (expected-length) appends. */
  static final int COND = STREAMS;

  /** Appends in flight per pipelined stream writer. */
  static final int WINDOW = 8;

  static final int MAX_PAYLOAD = 2000;
  static final int TABLE_KEYS = 16;
  static final String MERGED = "merged";
  static final String ATTRS = "attrs";
  static final String TABLE = "table";

  /** Attribute set, atomically with each stream append, to the record's sequence number. */
  static final UUID LAST_SEQ = new UUID(0x5EC0L, 1);

  /** The compare-and-set counter on {@link #ATTRS}. */
  static final UUID COUNTER = new UUID(0x5EC0L, 2);

  private final StorageEngine engine;
  private final SegmentStore segments;
  private final PrintStream out;
  private final int generation;
  private final long seed;

  private CrashWorkload(StorageEngine engine, PrintStream out, int generation, long seed) {
    this.engine = engine;
    this.segments = engine.segments();
    this.out = out;
    this.generation = generation;
    this.seed = seed;
  }

  /** The configuration both the child and the verifying parent use: small WAL files, fast flush. */
  static StorageConfig config(Path dir) {
    return StorageConfig.builder(dir)
        .durability(Durability.FORCED)
        .walFileSize(2L << 20)
        .maxAppendBytes(256 << 10)
        .writeQueueBytes(8L << 20)
        .cacheBytes(8L << 20)
        .flushInterval(Duration.ofMillis(50))
        .checkpointInterval(Duration.ofMillis(300))
        .build();
  }

  static String streamName(int id) {
    return "stream-" + id;
  }

  static String txName(int id) {
    return "tx-" + id;
  }

  static String lifeName(int id) {
    return "life-" + id;
  }

  static String keyName(int k) {
    return String.format("key-%02d", k);
  }

  /** A table value: its tag, a '#', and filler whose length depends on the tag. */
  static ByteBuffer value(String tag) {
    String v = tag + "#" + "x".repeat(Math.floorMod(tag.hashCode(), 200));
    return ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8));
  }

  /** The tag of a table value written by {@link #value}. */
  static String tagOf(ByteBuffer value) {
    String v = StandardCharsets.UTF_8.decode(value.duplicate()).toString();
    int hash = v.indexOf('#');
    if (hash < 0 || !value(v.substring(0, hash)).equals(value.duplicate())) {
      throw new AssertionError("table value not written by the workload: " + v);
    }
    return v.substring(0, hash);
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    // Anything else that writes to System.out (a logger) goes to stderr, keeping stdout clean.
    System.setOut(System.err);
    Path dir = Path.of(args[0]);
    int generation = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    out.println("@OPENING");
    StorageEngine engine = StorageEngine.open(config(dir));
    out.println("@OPENED");
    new CrashWorkload(engine, out, generation, seed).run();
  }

  private void run() {
    for (int id = 0; id <= COND; id++) {
      createIfAbsent(streamName(id));
    }
    createIfAbsent(MERGED);
    createIfAbsent(ATTRS);
    try {
      engine.tables().create(TABLE).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        fail("create table", e);
      }
    }
    out.println("@BASE");
    List<Thread> threads = new ArrayList<>();
    for (int id = 0; id < STREAMS; id++) {
      int s = id;
      threads.add(new Thread(() -> guarded("stream " + s, () -> streamWriter(s, false))));
    }
    threads.add(new Thread(() -> guarded("cond", () -> streamWriter(COND, true))));
    threads.add(new Thread(() -> guarded("table", this::tableWriter)));
    threads.add(new Thread(() -> guarded("attrs", this::counter)));
    threads.add(new Thread(() -> guarded("lifecycle", this::lifecycle)));
    threads.forEach(Thread::start);
    out.println("@READY");
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void createIfAbsent(String name) {
    try {
      segments.create(name, Map.of()).join();
    } catch (RuntimeException e) {
      if (!StorageException.is(e, StorageError.SEGMENT_EXISTS)) {
        fail("create " + name, e);
      }
    }
  }

  private void guarded(String what, Runnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      fail(what, t);
    }
  }

  private void fail(String what, Throwable t) {
    StringBuilder sb = new StringBuilder("@FAIL ").append(what).append(": ").append(t);
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      sb.append(" <- ").append(c);
    }
    out.println(sb.toString().replace('\n', ' '));
    t.printStackTrace();
    out.flush();
    Runtime.getRuntime().halt(3);
  }

  private record InFlight(long seq, CompletableFuture<Long> future) {}

  private void streamWriter(int id, boolean conditional) {
    String name = streamName(id);
    long length = segments.info(name).join().length();
    Long last = segments.attributes(name, List.of(LAST_SEQ)).join().get(LAST_SEQ);
    long seq = last == null ? 0 : last + 1;
    ArrayDeque<InFlight> window = new ArrayDeque<>();
    while (true) {
      ByteBuffer rec = Records.encode(id, seq, MAX_PAYLOAD);
      int size = rec.remaining();
      List<AttributeUpdate> attrs = List.of(AttributeUpdate.replace(LAST_SEQ, seq));
      if (conditional) {
        long end = segments.append(name, rec, length, attrs).join();
        if (end != length + size) {
          throw new AssertionError(name + ": append at " + length + " ended at " + end);
        }
        length = end;
        out.println("@A " + id + " " + seq + " " + end);
      } else {
        window.add(new InFlight(seq, segments.append(name, rec, SegmentStore.ANY_LENGTH, attrs)));
        if (window.size() >= WINDOW) {
          InFlight f = window.poll();
          out.println("@A " + id + " " + f.seq() + " " + f.future().join());
        }
      }
      seq++;
    }
  }

  private void tableWriter() {
    Random rnd = new Random(seed * 31 + generation);
    List<ByteBuffer> keys = new ArrayList<>();
    for (int k = 0; k < TABLE_KEYS; k++) {
      keys.add(ByteBuffer.wrap(keyName(k).getBytes(StandardCharsets.UTF_8)));
    }
    List<TableEntry> current = engine.tables().get(TABLE, keys).join();
    long[] versions = new long[TABLE_KEYS];
    for (int k = 0; k < TABLE_KEYS; k++) {
      versions[k] = current.get(k) == null ? TableKey.NOT_EXISTS : current.get(k).version();
    }
    for (long op = 0; ; op++) {
      int k = rnd.nextInt(TABLE_KEYS);
      String key = keyName(k);
      int k2 = rnd.nextInt(TABLE_KEYS);
      if (k2 != k && rnd.nextInt(5) == 0) {
        // Two keys in one call: both must change, or neither, whatever the crash.
        String tag = "g" + generation + "o" + op;
        out.println("@KI " + key + "," + keyName(k2) + " put " + tag);
        List<Long> v =
            engine
                .tables()
                .put(
                    TABLE,
                    List.of(
                        TableEntry.versioned(keys.get(k), value(tag), versions[k]),
                        TableEntry.versioned(keys.get(k2), value(tag), versions[k2])))
                .join();
        versions[k] = v.get(0);
        versions[k2] = v.get(1);
        out.println(
            "@KA " + key + "," + keyName(k2) + " put " + tag + " " + v.get(0) + "," + v.get(1));
      } else if (versions[k] != TableKey.NOT_EXISTS && rnd.nextInt(4) == 0) {
        out.println("@KI " + key + " rem");
        engine.tables().remove(TABLE, List.of(new TableKey(keys.get(k), versions[k]))).join();
        versions[k] = TableKey.NOT_EXISTS;
        out.println("@KA " + key + " rem");
      } else {
        String tag = "g" + generation + "o" + op;
        out.println("@KI " + key + " put " + tag);
        TableEntry e = TableEntry.versioned(keys.get(k), value(tag), versions[k]);
        versions[k] = engine.tables().put(TABLE, List.of(e)).join().get(0);
        out.println("@KA " + key + " put " + tag + " " + versions[k]);
      }
    }
  }

  private void counter() {
    Long v = segments.attributes(ATTRS, List.of(COUNTER)).join().get(COUNTER);
    long value = v == null ? 0 : v;
    while (true) {
      long expected = value == 0 ? AttributeUpdate.NULL_VALUE : value;
      out.println("@XI " + (value + 1));
      segments
          .updateAttributes(
              ATTRS, List.of(AttributeUpdate.replaceIfEquals(COUNTER, value + 1, expected)))
          .join();
      value++;
      out.println("@XA " + value);
    }
  }

  private void lifecycle() {
    Random rnd = new Random(seed * 17 + generation);
    for (int n = 0; n < 10_000; n++) {
      int txId = 1_000_000 + generation * 10_000 + n;
      String tx = txName(txId);
      out.println("@CI " + txId);
      segments.create(tx, Map.of()).join();
      out.println("@CA " + txId);
      int records = 2 + rnd.nextInt(6);
      long txLength = 0;
      for (int seq = 0; seq < records; seq++) {
        txLength = segments.append(tx, Records.encode(txId, seq, MAX_PAYLOAD)).join();
        out.println("@A " + txId + " " + seq + " " + txLength);
      }
      out.println("@MI " + txId);
      long after = segments.merge(MERGED, tx).join();
      out.println("@MA " + txId + " " + after);
      if (n % 3 == 2) {
        long off = after - txLength;
        out.println("@TRI " + off);
        segments.truncate(MERGED, off).join();
        out.println("@TRA " + off);
      }
      int lifeId = 2_000_000 + generation * 10_000 + n;
      String life = lifeName(lifeId);
      out.println("@CI " + lifeId);
      segments.create(life, Map.of()).join();
      out.println("@CA " + lifeId);
      int lifeRecords = 1 + rnd.nextInt(3);
      for (int seq = 0; seq < lifeRecords; seq++) {
        long end = segments.append(life, Records.encode(lifeId, seq, MAX_PAYLOAD)).join();
        out.println("@A " + lifeId + " " + seq + " " + end);
      }
      out.println("@SI " + lifeId);
      long sealed = segments.seal(life).join();
      out.println("@SA " + lifeId + " " + sealed);
    }
  }
}
