package io.sluice.kv.internal.watch;

import com.google.protobuf.ByteString;
import io.sluice.kv.internal.mvcc.MvccIndex;

/**
 * One watch of a stream: the key range, the options, and the next revision it has to look at.
 * Mutable position owned by its stream's pump (volatile where the progress timer reads it).
 */
final class Watcher {
  final long id;
  final ByteString key;
  final ByteString end;
  final boolean noPut;
  final boolean noDelete;
  final boolean prevKv;
  final boolean fragment;
  final boolean progressNotify;
  volatile long nextRev;
  volatile boolean sentSinceProgress;

  Watcher(
      long id,
      ByteString key,
      ByteString end,
      boolean noPut,
      boolean noDelete,
      boolean prevKv,
      boolean fragment,
      boolean progressNotify,
      long nextRev) {
    this.id = id;
    this.key = key;
    this.end = end;
    this.noPut = noPut;
    this.noDelete = noDelete;
    this.prevKv = prevKv;
    this.fragment = fragment;
    this.progressNotify = progressNotify;
    this.nextRev = nextRev;
  }

  boolean matches(ByteString k) {
    return MvccIndex.inRange(k, key, end);
  }
}
