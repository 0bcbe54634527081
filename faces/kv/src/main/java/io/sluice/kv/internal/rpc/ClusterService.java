package io.sluice.kv.internal.rpc;

import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.EtcdError;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.proto.etcdserverpb.ClusterGrpc;
import io.sluice.kv.proto.etcdserverpb.Member;
import io.sluice.kv.proto.etcdserverpb.MemberAddRequest;
import io.sluice.kv.proto.etcdserverpb.MemberAddResponse;
import io.sluice.kv.proto.etcdserverpb.MemberListRequest;
import io.sluice.kv.proto.etcdserverpb.MemberListResponse;
import io.sluice.kv.proto.etcdserverpb.MemberPromoteRequest;
import io.sluice.kv.proto.etcdserverpb.MemberPromoteResponse;
import io.sluice.kv.proto.etcdserverpb.MemberRemoveRequest;
import io.sluice.kv.proto.etcdserverpb.MemberRemoveResponse;
import io.sluice.kv.proto.etcdserverpb.MemberUpdateRequest;
import io.sluice.kv.proto.etcdserverpb.MemberUpdateResponse;
import io.sluice.kv.proto.etcdserverpb.ResponseHeader;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * etcd's Cluster service for a node that is its cluster's only member: the member list carries the
 * URLs clients reach this node at. Membership changes are refused with etcd's own errors (removing
 * or promoting the only member) or FAILED_PRECONDITION for adding members, which this single-node
 * KV face cannot do yet. Thread-safe (immutable).
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final Headers headers;
  private final String name;
  private final Supplier<List<String>> clientUrls;

  /**
   * @param clientUrls the URLs clients reach this node at (asked on every call: the port is only
   *     known once the server listens)
   */
  public ClusterService(Headers headers, String name, Supplier<List<String>> clientUrls) {
    this.headers = headers;
    this.name = name;
    this.clientUrls = clientUrls;
  }

  private Member self() {
    return Member.newBuilder()
        .setID(headers.memberId())
        .setName(name)
        .addAllClientURLs(clientUrls.get())
        .build();
  }

  private ResponseHeader header() {
    return headers.header(0);
  }

  @Override
  public void memberList(MemberListRequest r, StreamObserver<MemberListResponse> out) {
    out.onNext(MemberListResponse.newBuilder().setHeader(header()).addMembers(self()).build());
    out.onCompleted();
  }

  @Override
  public void memberAdd(MemberAddRequest r, StreamObserver<MemberAddResponse> out) {
    out.onError(
        io.grpc.Status.FAILED_PRECONDITION
            .withDescription(
                "sluice: this node's KV face serves a single-member cluster; adding members is not supported")
            .asRuntimeException());
  }

  @Override
  public void memberRemove(MemberRemoveRequest r, StreamObserver<MemberRemoveResponse> out) {
    Replies.reply(
        out,
        () -> {
          throw (r.getID() == headers.memberId()
                  ? EtcdError.NOT_ENOUGH_STARTED_MEMBERS
                  : EtcdError.MEMBER_NOT_FOUND)
              .exception();
        });
  }

  @Override
  public void memberUpdate(MemberUpdateRequest r, StreamObserver<MemberUpdateResponse> out) {
    Replies.reply(
        out,
        () -> {
          if (r.getID() != headers.memberId()) {
            throw EtcdError.MEMBER_NOT_FOUND.exception();
          }
          if (!r.getPeerURLsList().isEmpty()) {
            throw io.grpc.Status.FAILED_PRECONDITION
                .withDescription("sluice: this node has no peer URLs to update")
                .asRuntimeException();
          }
          return CompletableFuture.completedFuture(
              MemberUpdateResponse.newBuilder().setHeader(header()).addMembers(self()).build());
        });
  }

  @Override
  public void memberPromote(MemberPromoteRequest r, StreamObserver<MemberPromoteResponse> out) {
    Replies.reply(
        out,
        () -> {
          throw (r.getID() == headers.memberId()
                  ? EtcdError.MEMBER_NOT_LEARNER
                  : EtcdError.MEMBER_NOT_FOUND)
              .exception();
        });
  }
}
