package io.sluice.streams.internal.grpc;

import io.grpc.Status;
import io.sluice.protocol.controller.RetentionPolicy;
import io.sluice.protocol.controller.ScalingPolicy;
import io.sluice.protocol.controller.SegmentId;
import io.sluice.protocol.controller.SegmentRange;
import io.sluice.protocol.controller.StreamConfig;
import io.sluice.protocol.controller.StreamInfo;
import io.sluice.protocol.controller.Tags;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamRecord;

/** Conversions between controller API messages and metadata records. Stateless. */
final class Protos {
  private Protos() {}

  static StreamInfo streamInfo(String scope, String stream) {
    return StreamInfo.newBuilder().setScope(scope).setStream(stream).build();
  }

  static SegmentId segmentId(String scope, String stream, long id) {
    return SegmentId.newBuilder().setStreamInfo(streamInfo(scope, stream)).setSegmentId(id).build();
  }

  static SegmentRange range(String scope, String stream, SegmentRecord s) {
    return SegmentRange.newBuilder()
        .setSegmentId(segmentId(scope, stream, s.segmentId()))
        .setMinKey(s.keyStart())
        .setMaxKey(s.keyEnd())
        .build();
  }

  static io.sluice.streams.internal.meta.StreamConfig config(StreamConfig c) {
    ScalingPolicy sp = c.getScalingPolicy();
    RetentionPolicy rp = c.getRetentionPolicy();
    int min = sp.getMinNumSegments();
    if (min <= 0) {
      throw Status.INVALID_ARGUMENT
          .withDescription("minNumSegments must be positive, was " + min)
          .asRuntimeException();
    }
    return new io.sluice.streams.internal.meta.StreamConfig(
        sp.getScaleTypeValue(),
        sp.getTargetRate(),
        sp.getScaleFactor(),
        min,
        c.hasRetentionPolicy() ? rp.getRetentionTypeValue() : 0,
        rp.getRetentionParam(),
        rp.getRetentionMax(),
        c.getTags().getTagList(),
        c.getTimestampAggregationTimeout(),
        c.getRolloverSizeBytes());
  }

  static StreamConfig config(StreamRecord r) {
    io.sluice.streams.internal.meta.StreamConfig c = r.config();
    StreamConfig.Builder b =
        StreamConfig.newBuilder()
            .setStreamInfo(streamInfo(r.scope(), r.name()))
            .setScalingPolicy(
                ScalingPolicy.newBuilder()
                    .setScaleTypeValue(c.scaleType())
                    .setTargetRate(c.targetRate())
                    .setScaleFactor(c.scaleFactor())
                    .setMinNumSegments(c.minNumSegments()))
            .setTags(Tags.newBuilder().addAllTag(c.tags()))
            .setTimestampAggregationTimeout(c.timestampAggregationTimeout())
            .setRolloverSizeBytes(c.rolloverSizeBytes());
    if (c.retentionType() != 0) {
      b.setRetentionPolicy(
          RetentionPolicy.newBuilder()
              .setRetentionTypeValue(c.retentionType())
              .setRetentionParam(c.retentionParam())
              .setRetentionMax(c.retentionMax()));
    }
    return b.build();
  }
}
