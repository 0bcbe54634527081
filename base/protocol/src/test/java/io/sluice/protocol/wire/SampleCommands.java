package io.sluice.protocol.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.UUID;

/** One sample of every wire command, with distinct field values, for codec tests. */
final class SampleCommands {
  private SampleCommands() {}

  /** Fresh samples (the caller releases the data commands). */
  static List<WireCommand> all() {
    return List.of(
        new Hello(1, 2),
        new PartialEvent(bytes(3, 23)),
        new FlushToStorage(4, "scope/stream-5/0.#epoch.5", 600L),
        new StorageFlushed(700L),
        new ListStorageChunks("scope/stream-8/0.#epoch.8", "scope/stream-9/0.#epoch.9", 1000L),
        new StorageChunksListed(1100L, List.of(new ChunkInfo(1L, 2L, 3L, "chunk-1", true))),
        new Event(bytes(13, 23)),
        new SetupAppend(
            1400L,
            new UUID(15L, -15L),
            "scope/stream-16/0.#epoch.16",
            "scope/stream-17/0.#epoch.17"),
        new AppendSetup(1800L, "scope/stream-19/0.#epoch.19", new UUID(20L, -20L), 2100L),
        new AppendBlock(new UUID(22L, -22L), bytes(23, 23)),
        new AppendBlockEnd(new UUID(24L, -24L), 25, bytes(26, 17), 27, 2800L, 2900L),
        new ConditionalAppend(new UUID(30L, -30L), 3100L, 3200L, bytes(33, 11), 3400L),
        new DataAppended(new UUID(35L, -35L), 3600L, 3700L, 3800L, 3900L),
        new ConditionalCheckFailed(new UUID(40L, -40L), 4100L, 4200L),
        new ReadSegment(
            "scope/stream-43/0.#epoch.43", 4400L, 45, "scope/stream-46/0.#epoch.46", 4700L),
        new SegmentRead("scope/stream-48/0.#epoch.48", 4900L, true, true, bytes(52, 17), 5300L),
        new GetStreamSegmentInfo(
            5400L, "scope/stream-55/0.#epoch.55", "scope/stream-56/0.#epoch.56"),
        new StreamSegmentInfo(
            5700L, "scope/stream-58/0.#epoch.58", true, true, true, 6200L, 6300L, 6400L),
        new CreateSegment(
            6500L,
            "scope/stream-66/0.#epoch.66",
            67,
            (byte) 2,
            "scope/stream-69/0.#epoch.69",
            7000L),
        new SegmentCreated(7100L, "scope/stream-72/0.#epoch.72"),
        new SealSegment(7300L, "scope/stream-74/0.#epoch.74", "scope/stream-75/0.#epoch.75"),
        new SegmentSealed(7600L, "scope/stream-77/0.#epoch.77"),
        new DeleteSegment(7800L, "scope/stream-79/0.#epoch.79", "scope/stream-80/0.#epoch.80"),
        new SegmentDeleted(8100L, "scope/stream-82/0.#epoch.82"),
        new UpdateSegmentPolicy(
            8300L, "scope/stream-84/0.#epoch.84", 85, (byte) 2, "scope/stream-87/0.#epoch.87"),
        new SegmentPolicyUpdated(8800L, "scope/stream-89/0.#epoch.89"),
        new GetSegmentAttribute(
            9000L,
            "scope/stream-91/0.#epoch.91",
            new UUID(92L, -92L),
            "scope/stream-93/0.#epoch.93"),
        new SegmentAttribute(9400L, 9500L),
        new UpdateSegmentAttribute(
            9600L,
            "scope/stream-97/0.#epoch.97",
            new UUID(98L, -98L),
            9900L,
            10000L,
            "scope/stream-101/0.#epoch.101"),
        new SegmentAttributeUpdated(10200L, true),
        new TruncateSegment(
            10400L, "scope/stream-105/0.#epoch.105", 10600L, "scope/stream-107/0.#epoch.107"),
        new SegmentTruncated(10800L, "scope/stream-109/0.#epoch.109"),
        new CreateTransientSegment(
            11000L,
            new UUID(111L, -111L),
            "scope/stream-112/0.#epoch.112",
            "scope/stream-113/0.#epoch.113"),
        new WrongHost(
            11400L,
            "scope/stream-115/0.#epoch.115",
            "scope/stream-116/0.#epoch.116",
            "scope/stream-117/0.#epoch.117"),
        new SegmentIsSealed(
            11800L, "scope/stream-119/0.#epoch.119", "scope/stream-120/0.#epoch.120", 12100L),
        new SegmentAlreadyExists(
            12200L, "scope/stream-123/0.#epoch.123", "scope/stream-124/0.#epoch.124"),
        new NoSuchSegment(
            12500L, "scope/stream-126/0.#epoch.126", "scope/stream-127/0.#epoch.127", 12800L),
        new InvalidEventNumber(
            new UUID(129L, -129L), 13000L, "scope/stream-131/0.#epoch.131", 13200L),
        new SegmentIsTruncated(
            13300L,
            "scope/stream-134/0.#epoch.134",
            13500L,
            "scope/stream-136/0.#epoch.136",
            13700L),
        new OperationUnsupported(
            13800L, "scope/stream-139/0.#epoch.139", "scope/stream-140/0.#epoch.140"),
        new MergeSegments(
            14100L,
            "scope/stream-142/0.#epoch.142",
            "scope/stream-143/0.#epoch.143",
            "scope/stream-144/0.#epoch.144",
            List.of(
                new ConditionalAttributeUpdate(
                    new UUID(5L, 6L), ConditionalAttributeUpdate.REPLACE_IF_EQUALS, 10L, 9L))),
        new SegmentsMerged(
            14600L, "scope/stream-147/0.#epoch.147", "scope/stream-148/0.#epoch.148", 14900L),
        new AuthTokenCheckFailed(15000L, "scope/stream-151/0.#epoch.151", 152),
        new ErrorMessage(
            15300L, "scope/stream-154/0.#epoch.154", "scope/stream-155/0.#epoch.155", 156),
        new GetTableSegmentInfo(
            15700L, "scope/stream-158/0.#epoch.158", "scope/stream-159/0.#epoch.159"),
        new TableSegmentInfo(16000L, "scope/stream-161/0.#epoch.161", 16200L, 16300L, 16400L, 165),
        new CreateTableSegment(
            16600L,
            "scope/stream-167/0.#epoch.167",
            "scope/stream-168/0.#epoch.168",
            true,
            170,
            17100L),
        new DeleteTableSegment(
            17200L, "scope/stream-173/0.#epoch.173", true, "scope/stream-175/0.#epoch.175"),
        new UpdateTableEntries(
            17600L,
            "scope/stream-177/0.#epoch.177",
            "scope/stream-178/0.#epoch.178",
            List.of(
                TableEntry.of(new byte[] {1, 2}, 7L, new byte[] {3}),
                TableEntry.of(new byte[] {4}, TableKey.NO_VERSION, new byte[0])),
            18000L),
        new TableEntriesUpdated(18100L, List.of(1L, -1L, Long.MAX_VALUE)),
        new RemoveTableKeys(
            18300L,
            "scope/stream-184/0.#epoch.184",
            "scope/stream-185/0.#epoch.185",
            List.of(
                TableKey.of(new byte[] {9, 8, 7}, TableKey.NOT_EXISTS),
                TableKey.of(new byte[] {6}, 42L)),
            18700L),
        new TableKeysRemoved(18800L, "scope/stream-189/0.#epoch.189"),
        new ReadTable(
            19000L,
            "scope/stream-191/0.#epoch.191",
            "scope/stream-192/0.#epoch.192",
            List.of(
                TableKey.of(new byte[] {9, 8, 7}, TableKey.NOT_EXISTS),
                TableKey.of(new byte[] {6}, 42L))),
        new TableRead(
            19400L,
            "scope/stream-195/0.#epoch.195",
            List.of(
                TableEntry.of(new byte[] {1, 2}, 7L, new byte[] {3}),
                TableEntry.of(new byte[] {4}, TableKey.NO_VERSION, new byte[0]))),
        new TableSegmentNotEmpty(
            19700L, "scope/stream-198/0.#epoch.198", "scope/stream-199/0.#epoch.199"),
        new TableKeyDoesNotExist(
            20000L, "scope/stream-201/0.#epoch.201", "scope/stream-202/0.#epoch.202"),
        new TableKeyBadVersion(
            20300L, "scope/stream-204/0.#epoch.204", "scope/stream-205/0.#epoch.205"),
        new ReadTableKeys(
            20600L,
            "scope/stream-207/0.#epoch.207",
            "scope/stream-208/0.#epoch.208",
            209,
            new TableIteratorArgs(heap(1, 3), heap(2, 4), heap(3, 0))),
        new TableKeysRead(
            21100L,
            "scope/stream-212/0.#epoch.212",
            List.of(
                TableKey.of(new byte[] {9, 8, 7}, TableKey.NOT_EXISTS),
                TableKey.of(new byte[] {6}, 42L)),
            heap(214, 5)),
        new ReadTableEntries(
            21500L,
            "scope/stream-216/0.#epoch.216",
            "scope/stream-217/0.#epoch.217",
            218,
            new TableIteratorArgs(heap(1, 3), heap(2, 4), heap(3, 0))),
        new TableEntriesRead(
            22000L,
            "scope/stream-221/0.#epoch.221",
            List.of(
                TableEntry.of(new byte[] {1, 2}, 7L, new byte[] {3}),
                TableEntry.of(new byte[] {4}, TableKey.NO_VERSION, new byte[0])),
            heap(223, 5)),
        new TableEntriesDeltaRead(
            22400L,
            "scope/stream-225/0.#epoch.225",
            List.of(
                TableEntry.of(new byte[] {1, 2}, 7L, new byte[] {3}),
                TableEntry.of(new byte[] {4}, TableKey.NO_VERSION, new byte[0])),
            true,
            true,
            22900L),
        new ReadTableEntriesDelta(
            23000L, "scope/stream-231/0.#epoch.231", "scope/stream-232/0.#epoch.232", 23300L, 234),
        new ConditionalBlockEnd(new UUID(235L, -235L), 23600L, 23700L, bytes(238, 17), 23900L),
        new MergeSegmentsBatch(
            24000L,
            "scope/stream-241/0.#epoch.241",
            List.of("a/b/0.#epoch.0", "a/b/1.#epoch.0"),
            "scope/stream-243/0.#epoch.243"),
        new KeepAlive(),
        new Padding(13),
        new SegmentsBatchMerged(
            77L, "t/s/0.#epoch.0", List.of("t/s/1", "t/s/2"), List.of(10L, 20L)));
  }

  /** A fresh direct buffer of {@code n} bytes derived from {@code seed} (must be released). */
  static ByteBuf bytes(int seed, int n) {
    ByteBuf b = Unpooled.directBuffer(n);
    for (int i = 0; i < n; i++) {
      b.writeByte(seed * 31 + i);
    }
    return b;
  }

  /** A heap buffer of {@code n} bytes derived from {@code seed} (nothing to release). */
  static ByteBuf heap(int seed, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 17 + i);
    }
    return Unpooled.wrappedBuffer(b);
  }
}
