package io.sluice.streams.internal.controller;

import io.sluice.storage.Clock;
import io.sluice.storage.StorageEngine;
import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.SegmentRecord;
import io.sluice.streams.internal.meta.StreamRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller: stream, transaction, reader-group, key-value-table and retention logic over the
 * node's storage engine. {@link #open} loads the metadata and finishes whatever a crash interrupted
 * (scales whose old segments were not yet sealed, commits and aborts in flight). Thread-safe.
 */
public final class Controller {
  private final ControllerContext ctx;
  private final StreamOps streams;
  private final TxnOps txns;
  private final ReaderGroupOps readerGroups;
  private final KvtOps kvts;
  private final RetentionOps retention;

  private Controller(StorageEngine storage, Clock clock, long maxLeaseMillis) {
    this.ctx = new ControllerContext(storage, clock);
    this.streams = new StreamOps(ctx);
    this.txns = new TxnOps(ctx, maxLeaseMillis);
    this.readerGroups = new ReaderGroupOps(ctx, streams);
    this.kvts = new KvtOps(ctx);
    this.retention = new RetentionOps(ctx, streams);
  }

  /** Opens the controller on the engine and recovers interrupted work. */
  public static Controller open(StorageEngine storage, Clock clock, long maxLeaseMillis) {
    Controller c = new Controller(storage, clock, maxLeaseMillis);
    c.recover();
    return c;
  }

  public StreamOps streams() {
    return streams;
  }

  public TxnOps txns() {
    return txns;
  }

  public ReaderGroupOps readerGroups() {
    return readerGroups;
  }

  public KvtOps kvts() {
    return kvts;
  }

  public RetentionOps retention() {
    return retention;
  }

  /**
   * The node's delegation-token key: created at random on first use and kept in the metadata table,
   * so tokens stay valid across restarts.
   */
  public String tokenSecret() {
    synchronized (ctx.lock) {
      byte[] b = ctx.meta.get("secret/tokens");
      if (b == null) {
        byte[] key = new byte[64];
        new java.security.SecureRandom().nextBytes(key);
        b =
            java.util.Base64.getEncoder()
                .encodeToString(key)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ctx.meta.put("secret/tokens", b);
      }
      return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  /** Deletes a scope with everything in it: reader groups, key-value tables, streams. */
  public io.sluice.streams.internal.controller.Outcome deleteScopeRecursive(String scope) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return Outcome.NOT_FOUND;
      }
      for (String k : new ArrayList<>(ctx.meta.scan("rg/" + scope + "/").keySet())) {
        readerGroups.delete(scope, k.substring(("rg/" + scope + "/").length()), null);
      }
      List<String> tables = kvts.list(scope);
      for (String t : tables) {
        kvts.delete(scope, t);
      }
      for (String k : new ArrayList<>(ctx.meta.scan("stream/" + scope + "/").keySet())) {
        streams.deleteNow(scope, k.substring(("stream/" + scope + "/").length()));
      }
      return streams.deleteScope(scope);
    }
  }

  private void recover() {
    synchronized (ctx.lock) {
      for (byte[] b : new ArrayList<>(ctx.meta.scan("stream/").values())) {
        StreamRecord r = StreamRecord.decode(ByteBuffer.wrap(b));
        int current = r.currentEpoch().epoch();
        for (SegmentRecord s : r.segments().values()) {
          if (s.sealedEpoch() == current || (r.sealed() && s.active())) {
            ctx.sealSegment(Names.segment(r.scope(), r.name(), s.segmentId()));
          }
        }
      }
    }
    txns.recover();
  }
}
