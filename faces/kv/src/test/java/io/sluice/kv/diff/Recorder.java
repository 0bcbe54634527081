package io.sluice.kv.diff;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.grpc.StatusRuntimeException;
import io.sluice.kv.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.sluice.kv.proto.etcdserverpb.WatchResponse;
import io.sluice.kv.proto.mvccpb.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records one case's replies from one target as normalised text: cluster and member ids, raft term
 * and server-specific sizes cleared, revisions made relative to the case's base revision, lease ids
 * renamed in order of appearance.
 */
final class Recorder {
  private static final Set<String> CLEARED =
      Set.of(
          "ResponseHeader.cluster_id",
          "ResponseHeader.member_id",
          "ResponseHeader.raft_term",
          "StatusResponse.dbSize",
          "StatusResponse.dbSizeInUse",
          "StatusResponse.leader",
          "StatusResponse.raftIndex",
          "StatusResponse.raftTerm",
          "StatusResponse.raftAppliedIndex",
          "StatusResponse.version",
          "HashKVResponse.hash",
          "HashResponse.hash",
          "AlarmMember.memberID",
          "Member.ID",
          "Member.peerURLs",
          "Member.clientURLs",
          "Member.name");
  private static final Set<String> REVISIONS =
      Set.of("revision", "create_revision", "mod_revision", "compact_revision", "rev");
  private static final Set<String> LEASE_IDS = Set.of("lease", "ID");

  final List<String> lines = new ArrayList<>();
  final long base;
  private final Map<Long, Long> leaseNames = new HashMap<>();

  Recorder(long base) {
    this.base = base;
  }

  /** Records the reply of {@code call}, or its gRPC error; returns the raw reply (or null). */
  <T extends Message> T call(String label, Supplier<T> call) {
    try {
      T m = call.get();
      lines.add(label + " -> " + TextFormat.shortDebugString(normalize(m)));
      return m;
    } catch (StatusRuntimeException e) {
      lines.add(
          label + " -> ERROR " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
      return null;
    }
  }

  void note(String line) {
    lines.add(line);
  }

  /** Records a watch response grouping-agnostically: each event on its own line. */
  void watch(WatchResponse r) {
    if (r == null) {
      lines.add("watch -> (nothing)");
      return;
    }
    if (r.getEventsCount() == 0) {
      lines.add("watch -> " + TextFormat.shortDebugString(normalize(r)));
      return;
    }
    for (Event e : r.getEventsList()) {
      lines.add(
          "watch " + r.getWatchId() + " event -> " + TextFormat.shortDebugString(normalize(e)));
    }
  }

  Message normalize(Message m) {
    Message.Builder b = m.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      String n = f.getName();
      if (CLEARED.contains(f.getContainingType().getName() + "." + n)) {
        b.clearField(f);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (f.isRepeated()) {
          List<?> items = (List<?>) e.getValue();
          b.clearField(f);
          for (Object o : items) {
            b.addRepeatedField(f, normalize((Message) o));
          }
        } else {
          b.setField(f, normalize((Message) e.getValue()));
        }
      } else if (REVISIONS.contains(n) && f.getJavaType() == FieldDescriptor.JavaType.LONG) {
        long v = (Long) e.getValue();
        b.setField(f, v > 0 ? v - base : v);
      } else if (LEASE_IDS.contains(n)
          && f.getJavaType() == FieldDescriptor.JavaType.LONG
          && !f.isRepeated()) {
        long v = (Long) e.getValue();
        if (v != 0) {
          b.setField(f, leaseNames.computeIfAbsent(v, k -> (long) leaseNames.size() + 1));
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING
          && !f.isRepeated()
          && !leaseNames.isEmpty()) {
        // lock and election keys end in their lease id in hex: name it like the lease field
        String s = ((ByteString) e.getValue()).toStringUtf8();
        String named = s;
        for (Map.Entry<Long, Long> l : leaseNames.entrySet()) {
          named = named.replace(Long.toHexString(l.getKey()), "<lease " + l.getValue() + ">");
        }
        if (!named.equals(s)) {
          b.setField(f, ByteString.copyFromUtf8(named));
        }
      } else if (m instanceof LeaseTimeToLiveResponse && n.equals("keys")) {
        // etcd lists a lease's keys in Go map order, which is random: compare them as a set
        List<ByteString> keys = new ArrayList<>();
        for (Object o : (List<?>) e.getValue()) {
          keys.add((ByteString) o);
        }
        keys.sort(ByteString.unsignedLexicographicalComparator());
        b.clearField(f);
        keys.forEach(k -> b.addRepeatedField(f, k));
      }
    }
    return b.build();
  }
}
