package io.sluice.storage.internal.table;

import java.util.ArrayList;
import java.util.List;

/**
 * What one compaction step writes: the live entries of the oldest records (those the index still
 * points at), to be copied with their versions into one record, and where the segment can then be
 * cut. Immutable.
 *
 * @param copies the live entries, in segment order
 * @param cut the end of the last record taken (a record start, or the segment's end)
 * @param compactedThrough the largest change-feed position the cut removes
 */
record CompactionPlan(List<RecordCodec.Draft> copies, long cut, long compactedThrough) {
  /**
   * Takes records from the head while their live entries fit in one append (always at least one
   * record). Must be called when no append is in flight, so the index is the whole truth.
   *
   * @param records consecutive records starting at the segment's head, read with their values
   */
  static CompactionPlan of(
      List<TableRecord> records, TableIndex index, long head, long lowWater, int maxAppendBytes) {
    List<RecordCodec.Draft> copies = new ArrayList<>();
    long copyBytes = 0;
    long cut = head;
    long through = lowWater;
    long room = (long) maxAppendBytes - RecordCodec.HEADER_BYTES;
    for (TableRecord r : records) {
      List<RecordCodec.Draft> live = new ArrayList<>();
      long liveBytes = 0;
      long last = through;
      for (RecordEntry e : r.entries()) {
        last = Math.max(last, e.position());
        IndexEntry current = e.removal() ? null : index.get(e.key());
        if (current != null && current.position() == e.position()) {
          live.add(new RecordCodec.Draft(e.key(), e.value(), e.version()));
          liveBytes += e.size();
        }
      }
      if (cut != head && copyBytes + liveBytes > room) {
        break;
      }
      copies.addAll(live);
      copyBytes += liveBytes;
      cut = r.end();
      through = Math.max(last, r.compactedThrough());
    }
    return new CompactionPlan(List.copyOf(copies), cut, through);
  }
}
