package io.sluice.protocol.wire;

/**
 * A command a segment store sends to a client: an answer to a {@link Request} (matched by {@link
 * #requestId()}) or an error about one.
 *
 * <p>Implementations are immutable records.
 */
public sealed interface Reply extends WireCommand
    permits AppendSetup,
        AuthTokenCheckFailed,
        ConditionalCheckFailed,
        DataAppended,
        ErrorMessage,
        Hello,
        InvalidEventNumber,
        KeepAlive,
        NoSuchSegment,
        OperationUnsupported,
        SegmentAlreadyExists,
        SegmentAttribute,
        SegmentAttributeUpdated,
        SegmentCreated,
        SegmentDeleted,
        SegmentIsSealed,
        SegmentIsTruncated,
        SegmentPolicyUpdated,
        SegmentRead,
        SegmentSealed,
        SegmentTruncated,
        SegmentsBatchMerged,
        SegmentsMerged,
        StorageChunksListed,
        StorageFlushed,
        StreamSegmentInfo,
        TableEntriesDeltaRead,
        TableEntriesRead,
        TableEntriesUpdated,
        TableKeyBadVersion,
        TableKeyDoesNotExist,
        TableKeysRead,
        TableKeysRemoved,
        TableRead,
        TableSegmentInfo,
        TableSegmentNotEmpty,
        WrongHost {}
