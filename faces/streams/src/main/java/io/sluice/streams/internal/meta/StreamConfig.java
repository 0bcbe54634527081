package io.sluice.streams.internal.meta;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream's configuration as the controller API carries it. Only fixed scaling is acted on: a
 * rate-based policy gets its {@code minNumSegments} segments and is not scaled automatically.
 * Immutable.
 *
 * @param scaleType 0 fixed, 1 by kB/s, 2 by events/s (the controller API's numbering)
 * @param targetRate the rate for automatic scaling (stored, not acted on)
 * @param scaleFactor the split factor for automatic scaling (stored, not acted on)
 * @param minNumSegments how many segments the stream starts with
 * @param retentionType 0 none, 1 time (ms), 2 size (bytes)
 * @param retentionParam minimum time or size to keep
 * @param retentionMax maximum time or size to keep (0 or Long.MAX_VALUE = no maximum)
 * @param tags user tags
 * @param timestampAggregationTimeout watermark aggregation timeout (stored)
 * @param rolloverSizeBytes segment rollover size hint (stored)
 */
public record StreamConfig(
    int scaleType,
    int targetRate,
    int scaleFactor,
    int minNumSegments,
    int retentionType,
    long retentionParam,
    long retentionMax,
    List<String> tags,
    long timestampAggregationTimeout,
    long rolloverSizeBytes) {

  public static final int RETENTION_NONE = 0;
  public static final int RETENTION_TIME = 1;
  public static final int RETENTION_SIZE = 2;

  public StreamConfig {
    tags = List.copyOf(tags);
  }

  /** A fixed-scaling config with {@code n} segments and no retention. */
  public static StreamConfig fixed(int n) {
    return new StreamConfig(0, 0, 0, n, RETENTION_NONE, 0, 0, List.of(), 0, 0);
  }

  /** This config with another retention policy. */
  public StreamConfig withRetention(int type, long param, long max) {
    return new StreamConfig(
        scaleType,
        targetRate,
        scaleFactor,
        minNumSegments,
        type,
        param,
        max,
        tags,
        timestampAggregationTimeout,
        rolloverSizeBytes);
  }

  void write(Bin.Out out) {
    out.i32(scaleType).i32(targetRate).i32(scaleFactor).i32(minNumSegments);
    out.i32(retentionType).i64(retentionParam).i64(retentionMax);
    out.i32(tags.size());
    tags.forEach(out::str);
    out.i64(timestampAggregationTimeout).i64(rolloverSizeBytes);
  }

  static StreamConfig read(Bin.In in) {
    int st = in.i32();
    int rate = in.i32();
    int factor = in.i32();
    int min = in.i32();
    int rt = in.i32();
    long rp = in.i64();
    long rm = in.i64();
    int n = in.count(4);
    List<String> tags = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tags.add(in.str());
    }
    return new StreamConfig(st, rate, factor, min, rt, rp, rm, tags, in.i64(), in.i64());
  }
}
