package io.sluice.streams.internal.meta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One transaction on a stream: the epoch it writes to (one transaction segment per segment of that
 * epoch), its state and its lease. Times are wall-clock millis so a lease survives a restart.
 * Immutable.
 */
public record TxnRecord(
    String scope,
    String stream,
    UUID id,
    int epoch,
    List<Long> segmentIds,
    TxnState state,
    long leaseExpiry,
    long maxExpiry) {

  private static final int FORMAT = 1;

  public TxnRecord {
    segmentIds = List.copyOf(segmentIds);
  }

  public TxnRecord with(TxnState s, long lease) {
    return new TxnRecord(scope, stream, id, epoch, segmentIds, s, lease, maxExpiry);
  }

  public byte[] encode() {
    Bin.Out out = new Bin.Out().i8(FORMAT).str(scope).str(stream);
    out.i64(id.getMostSignificantBits()).i64(id.getLeastSignificantBits()).i32(epoch);
    out.i32(segmentIds.size());
    segmentIds.forEach(out::i64);
    return out.i32(state.ordinal()).i64(leaseExpiry).i64(maxExpiry).toBytes();
  }

  public static TxnRecord decode(ByteBuffer buf) {
    Bin.In in = new Bin.In(buf);
    if (in.i8() != FORMAT) {
      throw new IllegalArgumentException("unknown txn record format");
    }
    String scope = in.str();
    String stream = in.str();
    UUID id = new UUID(in.i64(), in.i64());
    int epoch = in.i32();
    int n = in.count(8);
    List<Long> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.i64());
    }
    int st = in.i32();
    if (st < 0 || st >= TxnState.values().length) {
      throw new IllegalArgumentException("bad txn state " + st);
    }
    return new TxnRecord(scope, stream, id, epoch, ids, TxnState.values()[st], in.i64(), in.i64());
  }
}
