package io.sluice.streams.internal.controller;

import io.sluice.streams.internal.meta.Names;
import io.sluice.streams.internal.meta.ReaderGroupRecord;
import io.sluice.streams.internal.meta.StreamConfig;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Reader groups: the controller keeps each group's configuration and generation and creates the
 * group's state stream {@code _RG<group>}, on which the client runs the group's state synchronizer.
 * Thread-safe (every method holds the controller's monitor).
 */
public final class ReaderGroupOps {
  private final ControllerContext ctx;
  private final StreamOps streams;

  ReaderGroupOps(ControllerContext ctx, StreamOps streams) {
    this.ctx = ctx;
    this.streams = streams;
  }

  private static String key(String scope, String group) {
    return "rg/" + scope + "/" + group;
  }

  public ReaderGroupRecord get(String scope, String group) {
    synchronized (ctx.lock) {
      byte[] b = ctx.meta.get(key(scope, group));
      return b == null ? null : ReaderGroupRecord.decode(ByteBuffer.wrap(b));
    }
  }

  /**
   * Creates the group (generation 0) and its state stream, or returns the existing group. Null when
   * the scope does not exist.
   */
  public ReaderGroupRecord create(String scope, String group, UUID id, byte[] config) {
    synchronized (ctx.lock) {
      if (!ctx.scopeExists(scope)) {
        return null;
      }
      ReaderGroupRecord existing = get(scope, group);
      if (existing != null) {
        return existing;
      }
      String stream = Names.READER_GROUP_PREFIX + group;
      if (ctx.stream(scope, stream) == null) {
        streams.createStream(scope, stream, StreamConfig.fixed(1));
      }
      ReaderGroupRecord r = new ReaderGroupRecord(scope, group, id, 0, config);
      ctx.meta.put(key(scope, group), r.encode());
      return r;
    }
  }

  /**
   * Replaces the configuration if {@code generation} is the current one.
   *
   * @return the new generation, -1 if the group does not exist, -2 if the generation is stale
   */
  public long update(String scope, String group, long generation, byte[] config) {
    synchronized (ctx.lock) {
      ReaderGroupRecord r = get(scope, group);
      if (r == null) {
        return -1;
      }
      if (r.generation() != generation) {
        return -2;
      }
      ReaderGroupRecord next = new ReaderGroupRecord(scope, group, r.id(), generation + 1, config);
      ctx.meta.put(key(scope, group), next.encode());
      return next.generation();
    }
  }

  /** Deletes the group and its state stream; {@code id} null matches any group of that name. */
  public Outcome delete(String scope, String group, UUID id) {
    synchronized (ctx.lock) {
      ReaderGroupRecord r = get(scope, group);
      if (r == null || (id != null && !id.equals(r.id()))) {
        return Outcome.NOT_FOUND;
      }
      String stream = Names.READER_GROUP_PREFIX + group;
      if (ctx.stream(scope, stream) != null) {
        streams.deleteNow(scope, stream);
      }
      ctx.meta.remove(key(scope, group));
      return Outcome.SUCCESS;
    }
  }
}
