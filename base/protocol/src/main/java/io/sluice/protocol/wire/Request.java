package io.sluice.protocol.wire;

/**
 * A command a client (or the controller) sends to a segment store. The server answers each one,
 * except the append-block parts, with a {@link Reply} carrying the same {@link #requestId()}.
 *
 * <p>Implementations are immutable records.
 */
public sealed interface Request extends WireCommand
    permits AppendBlock,
        AppendBlockEnd,
        ConditionalAppend,
        ConditionalBlockEnd,
        CreateSegment,
        CreateTableSegment,
        CreateTransientSegment,
        DeleteSegment,
        DeleteTableSegment,
        FlushToStorage,
        GetSegmentAttribute,
        GetStreamSegmentInfo,
        GetTableSegmentInfo,
        Hello,
        KeepAlive,
        ListStorageChunks,
        MergeSegments,
        MergeSegmentsBatch,
        ReadSegment,
        ReadTable,
        ReadTableEntries,
        ReadTableEntriesDelta,
        ReadTableKeys,
        RemoveTableKeys,
        SealSegment,
        SetupAppend,
        TruncateSegment,
        UpdateSegmentAttribute,
        UpdateSegmentPolicy,
        UpdateTableEntries {}
