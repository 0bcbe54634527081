package io.sluice.streams.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.protocol.wire.ConditionalAttributeUpdate;
import io.sluice.protocol.wire.CreateSegment;
import io.sluice.protocol.wire.CreateTransientSegment;
import io.sluice.protocol.wire.DeleteSegment;
import io.sluice.protocol.wire.ErrorMessage;
import io.sluice.protocol.wire.GetSegmentAttribute;
import io.sluice.protocol.wire.GetStreamSegmentInfo;
import io.sluice.protocol.wire.MergeSegments;
import io.sluice.protocol.wire.MergeSegmentsBatch;
import io.sluice.protocol.wire.NoSuchSegment;
import io.sluice.protocol.wire.ReadSegment;
import io.sluice.protocol.wire.Reply;
import io.sluice.protocol.wire.SealSegment;
import io.sluice.protocol.wire.SegmentAttribute;
import io.sluice.protocol.wire.SegmentAttributeUpdated;
import io.sluice.protocol.wire.SegmentCreated;
import io.sluice.protocol.wire.SegmentDeleted;
import io.sluice.protocol.wire.SegmentIsTruncated;
import io.sluice.protocol.wire.SegmentRead;
import io.sluice.protocol.wire.SegmentSealed;
import io.sluice.protocol.wire.SegmentTruncated;
import io.sluice.protocol.wire.SegmentsBatchMerged;
import io.sluice.protocol.wire.SegmentsMerged;
import io.sluice.protocol.wire.StreamSegmentInfo;
import io.sluice.protocol.wire.TruncateSegment;
import io.sluice.protocol.wire.UpdateSegmentAttribute;
import io.sluice.protocol.wire.WireCodec;
import io.sluice.protocol.wire.WireCommand;
import io.sluice.storage.AttributeUpdate;
import io.sluice.storage.AttributeUpdateType;
import io.sluice.storage.ReadBuffers;
import io.sluice.storage.ReadResult;
import io.sluice.storage.SegmentStore;
import io.sluice.storage.StorageError;
import io.sluice.storage.StorageException;
import io.sluice.streams.internal.meta.Names;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Plain-segment requests other than appends: reads (waiting at the tail), info, attributes,
 * create/seal/truncate/delete, merges and transient segments. Each returns the reply to send;
 * failures become the protocol's error replies. Stateless and thread-safe.
 */
final class SegmentRequests {
  /** The most bytes one read returns, as in Pravega's segment store. */
  static final int MAX_READ_SIZE = 2 * 1024 * 1024;

  private final SegmentStore store;
  private final Duration readWait;

  SegmentRequests(SegmentStore store, Duration readWait) {
    this.store = store;
    this.readWait = readWait;
  }

  private static CompletableFuture<Reply> recover(
      CompletableFuture<Reply> f, long requestId, String segment) {
    return f.exceptionally(t -> Replies.error(requestId, segment, t));
  }

  /**
   * Reads straight into the reply's frame: one pooled buffer of {@code alloc} holding the whole
   * {@link SegmentRead} frame, into which the engine copies the bytes once, so the encoder does not
   * copy them again. Completes with that frame (a {@link ByteBuf} the pipeline writes as is and
   * releases after the write, or when the write fails), or with a {@link Reply} (an empty read, an
   * error).
   */
  CompletableFuture<Object> read(ReadSegment r, ByteBufAllocator alloc) {
    int size = Math.min(MAX_READ_SIZE, Math.max(8, r.suggestedLength()));
    if (r.offset() < 0) {
      return CompletableFuture.completedFuture(
          new ErrorMessage(
              r.requestId(),
              r.segment(),
              "negative read offset " + r.offset(),
              ErrorMessage.ILLEGAL_ARGUMENT));
    }
    FrameDestination into = new FrameDestination(alloc, r);
    return store
        .read(r.segment(), r.offset(), size, readWait, into)
        .<Object>thenApply(
            (ReadResult res) -> {
              int n = res.data().remaining();
              boolean atTail = res.offset() + n >= res.segmentLength();
              SegmentRead head =
                  new SegmentRead(
                      r.segment(),
                      r.offset(),
                      atTail,
                      res.endOfSegment(),
                      Unpooled.EMPTY_BUFFER,
                      r.requestId());
              return n == 0 ? head : into.frame(head, n);
            })
        .exceptionallyCompose(
            t -> {
              if (StorageException.is(t, StorageError.SEGMENT_TRUNCATED)) {
                return store
                    .info(r.segment())
                    .<Object>thenApply(
                        i ->
                            new SegmentIsTruncated(
                                r.requestId(), r.segment(), i.startOffset(), "", r.offset()))
                    .exceptionally(t2 -> (Object) Replies.error(r.requestId(), r.segment(), t2));
              }
              if (StorageException.is(t, StorageError.SEGMENT_NOT_FOUND)) {
                return CompletableFuture.<Object>completedFuture(
                    new NoSuchSegment(r.requestId(), r.segment(), "", r.offset()));
              }
              return CompletableFuture.<Object>completedFuture(
                  Replies.error(r.requestId(), r.segment(), t));
            });
  }

  /**
   * One read's destination: a direct buffer of the connection's pool sized for the whole {@link
   * SegmentRead} frame, allocated once the engine knows the read's size; the engine copies the
   * bytes into the frame's data field, {@link #frame} writes the header and the other fields around
   * them. The frame layout is {@link WireCodec}'s ({@code int32 type, int32 length}, then the
   * payload) with {@link SegmentRead}'s fields, whose data field ({@code int32 length} + bytes) is
   * followed by the request id (8 bytes) only; the fields before the data are taken from encoding
   * the same reply with no data, so nothing here writes a field by hand. Used by one read at a time
   * (the engine calls {@link #allocate} once, then completes the future).
   */
  private static final class FrameDestination implements ReadBuffers {
    private static final int AFTER_DATA = Long.BYTES;

    private final ByteBufAllocator alloc;
    private final int prefix;
    private ByteBuf buf;

    FrameDestination(ByteBufAllocator alloc, ReadSegment r) {
      this.alloc = alloc;
      ByteBuf head = alloc.heapBuffer(64 + 3 * r.segment().length());
      try {
        WireCodec.encode(
            new SegmentRead(r.segment(), 0, false, false, Unpooled.EMPTY_BUFFER, 0), head);
        this.prefix = head.readableBytes() - AFTER_DATA;
      } finally {
        head.release();
      }
    }

    @Override
    public ByteBuffer allocate(int size) {
      buf = alloc.directBuffer(prefix + size + AFTER_DATA);
      return buf.nioBuffer(prefix, size);
    }

    @Override
    public void release(ByteBuffer buffer) {
      ByteBuf b = buf;
      buf = null;
      if (b != null) {
        b.release();
      }
    }

    /** The whole frame of {@code head} (encoded without data) with the {@code n} bytes read. */
    ByteBuf frame(SegmentRead head, int n) {
      ByteBuf b = buf;
      buf = null;
      ByteBuf h = alloc.heapBuffer(prefix + AFTER_DATA);
      try {
        WireCodec.encode(head, h);
        if (h.readableBytes() != prefix + AFTER_DATA) {
          throw new IllegalStateException("SegmentRead header of " + h.readableBytes() + " bytes");
        }
        b.setBytes(0, h, 0, prefix);
        b.setInt(Integer.BYTES, prefix - WireCommand.HEADER_SIZE + n + AFTER_DATA);
        b.setInt(prefix - Integer.BYTES, n);
        b.setBytes(prefix + n, h, prefix, AFTER_DATA);
        return b.writerIndex(prefix + n + AFTER_DATA);
      } catch (RuntimeException e) {
        b.release();
        throw e;
      } finally {
        h.release();
      }
    }
  }

  CompletableFuture<Reply> info(GetStreamSegmentInfo r) {
    return recover(
        store
            .info(r.segment())
            .thenApply(
                i ->
                    new StreamSegmentInfo(
                        r.requestId(),
                        r.segment(),
                        true,
                        i.sealed(),
                        false,
                        i.lastModifiedMillis(),
                        i.length(),
                        i.startOffset())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> attribute(GetSegmentAttribute r) {
    return recover(
        store
            .attributes(r.segment(), List.of(r.attributeId()))
            .thenApply(
                m ->
                    new SegmentAttribute(
                        r.requestId(),
                        m.getOrDefault(r.attributeId(), AttributeUpdate.NULL_VALUE))),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> updateAttribute(UpdateSegmentAttribute r) {
    return store
        .updateAttributes(
            r.segment(),
            List.of(
                AttributeUpdate.replaceIfEquals(r.attributeId(), r.newValue(), r.expectedValue())))
        .<Reply>thenApply(v -> new SegmentAttributeUpdated(r.requestId(), true))
        .exceptionally(
            t ->
                StorageException.is(t, StorageError.BAD_ATTRIBUTE_UPDATE)
                    ? new SegmentAttributeUpdated(r.requestId(), false)
                    : Replies.error(r.requestId(), r.segment(), t));
  }

  CompletableFuture<Reply> create(CreateSegment r) {
    return recover(
        store
            .create(r.segment(), Map.of())
            .thenApply(i -> new SegmentCreated(r.requestId(), r.segment())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> createTransient(CreateTransientSegment r) {
    String name = Names.transientSegment(r.parentSegment(), r.writerId(), UUID.randomUUID());
    return recover(
        store
            .info(r.parentSegment())
            .thenCompose(i -> store.create(name, Map.of()))
            .thenApply(i -> new SegmentCreated(r.requestId(), name)),
        r.requestId(),
        r.parentSegment());
  }

  CompletableFuture<Reply> seal(SealSegment r) {
    return store
        .seal(r.segment())
        .<Reply>thenApply(len -> new SegmentSealed(r.requestId(), r.segment()))
        .exceptionally(
            t ->
                StorageException.is(t, StorageError.SEGMENT_SEALED)
                    ? new SegmentSealed(r.requestId(), r.segment())
                    : Replies.error(r.requestId(), r.segment(), t));
  }

  CompletableFuture<Reply> truncate(TruncateSegment r) {
    return recover(
        store
            .truncate(r.segment(), r.truncationOffset())
            .thenApply(v -> new SegmentTruncated(r.requestId(), r.segment())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> delete(DeleteSegment r) {
    return recover(
        store.delete(r.segment()).thenApply(v -> new SegmentDeleted(r.requestId(), r.segment())),
        r.requestId(),
        r.segment());
  }

  CompletableFuture<Reply> merge(MergeSegments r) {
    List<AttributeUpdate> updates = new ArrayList<>();
    for (ConditionalAttributeUpdate u : r.attributeUpdates()) {
      updates.add(toUpdate(u));
    }
    CompletableFuture<Void> before =
        updates.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : store.updateAttributes(r.target(), updates);
    return recover(
        before
            .thenCompose(v -> store.merge(r.target(), r.source()))
            .thenApply(len -> new SegmentsMerged(r.requestId(), r.target(), r.source(), len)),
        r.requestId(),
        r.source());
  }

  private static AttributeUpdate toUpdate(ConditionalAttributeUpdate u) {
    AttributeUpdateType type =
        u.updateType() == ConditionalAttributeUpdate.REPLACE_IF_EQUALS
            ? AttributeUpdateType.REPLACE_IF_EQUALS
            : AttributeUpdateType.REPLACE;
    return new AttributeUpdate(u.attributeId(), type, u.newValue(), u.oldValue());
  }

  CompletableFuture<Reply> mergeBatch(MergeSegmentsBatch r) {
    CompletableFuture<List<Long>> chain = CompletableFuture.completedFuture(new ArrayList<>());
    for (String source : r.sourceSegments()) {
      chain =
          chain.thenCompose(
              list ->
                  store
                      .merge(r.target(), source)
                      .thenApply(
                          len -> {
                            list.add(len);
                            return list;
                          }));
    }
    return recover(
        chain.thenApply(
            lens -> new SegmentsBatchMerged(r.requestId(), r.target(), r.sourceSegments(), lens)),
        r.requestId(),
        r.target());
  }
}
