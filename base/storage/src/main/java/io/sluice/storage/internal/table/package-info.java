/**
 * Table segments: versioned key-value maps kept in segments of the storage engine.
 *
 * <h2>Layout</h2>
 *
 * A table segment {@code T} is the backend segment {@code T} of type {@code TABLE}. It holds a
 * sequence of records; every put or remove call appends exactly one record, conditional on the
 * length the table last saw, so a call is atomic (all of its entries or none) and calls on one
 * table are totally ordered. All integers are big-endian.
 *
 * <pre>
 * record  := magic:i32 = 0x534C5452 ("SLTR")
 *            length:i32            whole record, header included; 33 &lt;= length &lt;= append limit
 *            crc:i32               CRC32C of the bytes from kind to the record's end
 *            kind:u8               1 = UPDATE (a put/remove call), 2 = COMPACTION
 *            entryCount:i32        entries that follow (each at least 17 bytes)
 *            cut:i64               COMPACTION: where the segment is truncated once it is durable; else 0
 *            compactedThrough:i64  COMPACTION: the largest position that truncation removes; else 0
 *            entry*
 * entry   := type:u8               1 = PUT, 2 = REMOVE
 *            keyLength:i32         0 &lt;= keyLength &lt;= maxKeyBytes
 *            valueLength:i32       PUT: the value's bytes; REMOVE: 0
 *            version:i64           UPDATE: the entry's own offset; COMPACTION: the version copied
 *            key:u8[keyLength]
 *            value:u8[valueLength]
 * </pre>
 *
 * Decoding checks the magic, every length against the bytes present (before allocating), the CRC,
 * and that versions equal positions (or precede them, in compaction records); anything else is
 * {@code CORRUPT} naming the table and offset.
 *
 * <h2>Versions and positions</h2>
 *
 * An entry's <em>position</em> is its offset in the segment: positive (a record header comes
 * first), unique and growing. A put's version is its position, so versions double as change-feed
 * positions. Compaction copies live entries to the tail <em>keeping their versions</em> (the
 * version field says so), so conditional updates made with a version read before a compaction still
 * hold after it; a copy's version is smaller than its position.
 *
 * <h2>Index</h2>
 *
 * Memory holds, per table, a sorted map (unsigned-byte key order) from each live key to its version
 * and the position of its entry, plus counters (live bytes, length, start offset, the change-feed
 * low-water mark) and one record start per 256 KiB. Values stay in the segment and are read through
 * the backend (its cache and segment files). {@code recover()} rebuilds the map by reading each
 * table segment from its start offset to its end, in bounded chunks.
 *
 * <h2>Updates</h2>
 *
 * Each table has a sequence ({@link io.sluice.storage.internal.table.SerialExecutor}) that checks
 * conditions ({@code NO_VERSION}: none; {@code NOT_EXISTS}: must be absent; else the exact version;
 * the first failing entry fails the whole call with {@code BAD_KEY_VERSION}, context = its index)
 * and issues the append; appends are pipelined (the next call is checked against the state the
 * calls in flight will leave), land in order, and update the index before their callers hear of
 * them. No lock is held across I/O; different tables proceed in parallel.
 *
 * <h2>Compaction</h2>
 *
 * When dead bytes (overwritten or removed entries, headers) exceed both 4 MiB and half of a table's
 * bytes, the table compacts its head in steps of about 1 MiB: live entries of the oldest records
 * are copied (with their versions) into one COMPACTION record at the tail; once that record is
 * durable the index's head moves to the cut (readers never start below it) and the segment is
 * truncated there. A step waits for appends in flight and runs in the table's sequence, so writers
 * pause for one append; readers never wait (a value read that hits truncated bytes looks its key up
 * again). A run covers the table as it was when the run started, then checks again. If the node
 * stops between the append and the truncation, recovery truncates at the largest cut it finds; a
 * table recovered with enough dead bytes compacts without waiting for a write. A failed step stops
 * the run until the table has grown by another step's worth.
 *
 * <h2>Iteration</h2>
 *
 * {@code keys}/{@code entries} pages come from the index, in unsigned-byte key order, bounded by
 * count and by bytes. A page's continuation token is {@code 0x01} followed by the last key
 * returned: the next page starts strictly after it, so iteration is stable under concurrent
 * updates. A caller may also pass {@code 0x02} followed by a key to start at that key, inclusive
 * (range scans). Any other token is {@code INVALID_ARGUMENT}.
 *
 * <h2>Change feed</h2>
 *
 * {@code changes(from)} decodes records from the nearest remembered record start and returns the
 * entries with a position after {@code from}, removals included (null value), in position order.
 * Compaction copies are skipped unless their version is after {@code from}, which only happens when
 * reading from 0: reading from 0 always works and returns the table's current state (as copies,
 * with their versions) followed by the changes since. Any other position below the low-water mark
 * (the largest position a truncation removed) fails with {@code POSITION_COMPACTED} whose context
 * is that mark, a valid position to read from.
 */
package io.sluice.storage.internal.table;
