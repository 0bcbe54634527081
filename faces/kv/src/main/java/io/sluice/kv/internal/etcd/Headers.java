package io.sluice.kv.internal.etcd;

import io.sluice.kv.proto.etcdserverpb.ResponseHeader;

/**
 * Fills response headers as etcd's server does: cluster id, member id and raft term always, the
 * revision only when the reply did not set one (then the current durable revision). Immutable.
 *
 * @param clusterId this node's cluster id
 * @param memberId this node's member id
 * @param raftTerm the term reported (a single node stays in its first term)
 */
public record Headers(long clusterId, long memberId, long raftTerm, KvEngine engine) {
  public ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(clusterId)
        .setMemberId(memberId)
        .setRaftTerm(raftTerm)
        .setRevision(revision)
        .build();
  }

  /** etcd's header fill: keeps a set revision, else the current one. */
  public ResponseHeader fill(ResponseHeader h) {
    return header(h.getRevision() != 0 ? h.getRevision() : engine.durableRev());
  }

  public ResponseHeader current() {
    return header(engine.durableRev());
  }
}
