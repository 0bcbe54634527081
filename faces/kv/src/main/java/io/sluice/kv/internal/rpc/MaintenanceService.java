package io.sluice.kv.internal.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.kv.internal.etcd.EtcdError;
import io.sluice.kv.internal.etcd.EtcdException;
import io.sluice.kv.internal.etcd.Headers;
import io.sluice.kv.internal.etcd.KvEngine;
import io.sluice.kv.internal.etcd.Quota;
import io.sluice.kv.internal.mvcc.KeyRev;
import io.sluice.kv.internal.mvcc.MvccIndex;
import io.sluice.kv.internal.mvcc.RecordCodec;
import io.sluice.kv.proto.etcdserverpb.AlarmMember;
import io.sluice.kv.proto.etcdserverpb.AlarmRequest;
import io.sluice.kv.proto.etcdserverpb.AlarmResponse;
import io.sluice.kv.proto.etcdserverpb.AlarmType;
import io.sluice.kv.proto.etcdserverpb.DefragmentRequest;
import io.sluice.kv.proto.etcdserverpb.DefragmentResponse;
import io.sluice.kv.proto.etcdserverpb.HashKVRequest;
import io.sluice.kv.proto.etcdserverpb.HashKVResponse;
import io.sluice.kv.proto.etcdserverpb.HashRequest;
import io.sluice.kv.proto.etcdserverpb.HashResponse;
import io.sluice.kv.proto.etcdserverpb.MaintenanceGrpc;
import io.sluice.kv.proto.etcdserverpb.MoveLeaderRequest;
import io.sluice.kv.proto.etcdserverpb.MoveLeaderResponse;
import io.sluice.kv.proto.etcdserverpb.SnapshotRequest;
import io.sluice.kv.proto.etcdserverpb.SnapshotResponse;
import io.sluice.kv.proto.etcdserverpb.StatusRequest;
import io.sluice.kv.proto.etcdserverpb.StatusResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * etcd's Maintenance service: Status, Alarm (GET/ACTIVATE/DEACTIVATE, NOSPACE raised while storage
 * refuses writes), Hash/HashKV (CRC32C over the retained history up to a revision), Defragment (the
 * storage engine reclaims space by itself; the call returns once it is consistent), Snapshot (a
 * stream of every live key at the current revision in Sluice's record layout, ended by its SHA-256
 * like etcd's) and MoveLeader (this node is always the leader). Thread-safe.
 */
public final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  /** The etcd API level this face implements (what etcdctl shows as the server version). */
  public static final String VERSION = "3.4.23";

  private static final int SNAPSHOT_CHUNK = 32 * 1024;
  private static final int HASH_BATCH = 512;

  private final KvEngine engine;
  private final Headers headers;
  private final LongSupplier dbSize;
  private final java.util.function.BooleanSupplier writable;
  private final Executor blocking;
  private final Quota quota;
  private final Set<AlarmType> alarms = ConcurrentHashMap.newKeySet();

  public MaintenanceService(
      KvEngine engine,
      Headers headers,
      LongSupplier dbSize,
      java.util.function.BooleanSupplier writable,
      Executor blocking,
      Quota quota) {
    this.quota = quota;
    this.engine = engine;
    this.headers = headers;
    this.dbSize = dbSize;
    this.writable = writable;
    this.blocking = blocking;
  }

  private List<AlarmType> activeAlarms() {
    List<AlarmType> out = new ArrayList<>(alarms);
    if ((!writable.getAsBoolean() || quota.alarmed()) && !out.contains(AlarmType.NOSPACE)) {
      out.add(AlarmType.NOSPACE);
    }
    out.sort(null);
    return out;
  }

  @Override
  public void status(StatusRequest r, StreamObserver<StatusResponse> out) {
    long rev = engine.durableRev();
    long inUse = engine.read(MvccIndex::liveBytes);
    StatusResponse.Builder b =
        StatusResponse.newBuilder()
            .setHeader(headers.header(rev))
            .setVersion(VERSION)
            .setDbSize(Math.max(dbSize.getAsLong(), inUse))
            .setDbSizeInUse(inUse)
            .setLeader(headers.memberId())
            .setRaftIndex(rev)
            .setRaftTerm(headers.raftTerm())
            .setRaftAppliedIndex(rev);
    for (AlarmType a : activeAlarms()) {
      b.addErrors("memberID:" + headers.memberId() + " alarm:" + a.name() + " ");
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void alarm(AlarmRequest r, StreamObserver<AlarmResponse> out) {
    // etcd 3.4 answers Alarm and Defragment without a header
    AlarmResponse.Builder b = AlarmResponse.newBuilder();
    switch (r.getAction()) {
      case ACTIVATE -> {
        if (r.getAlarm() != AlarmType.NONE && r.getMemberID() == headers.memberId()) {
          if (r.getAlarm() == AlarmType.NOSPACE) {
            quota.arm();
          }
          alarms.add(r.getAlarm());
          b.addAlarms(AlarmMember.newBuilder().setMemberID(r.getMemberID()).setAlarm(r.getAlarm()));
        }
      }
      case DEACTIVATE -> {
        boolean quotaAlarm = r.getAlarm() == AlarmType.NOSPACE && quota.alarmed();
        if (r.getAlarm() == AlarmType.NOSPACE) {
          quota.disarm();
        }
        if (alarms.remove(r.getAlarm()) || quotaAlarm) {
          b.addAlarms(AlarmMember.newBuilder().setMemberID(r.getMemberID()).setAlarm(r.getAlarm()));
        }
      }
      default -> {
        for (AlarmType a : activeAlarms()) {
          b.addAlarms(AlarmMember.newBuilder().setMemberID(headers.memberId()).setAlarm(a));
        }
      }
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void defragment(DefragmentRequest r, StreamObserver<DefragmentResponse> out) {
    out.onNext(DefragmentResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void hash(HashRequest r, StreamObserver<HashResponse> out) {
    Replies.reply(
        out,
        () ->
            CompletableFuture.supplyAsync(
                () -> {
                  long rev = engine.durableRev();
                  int h = hashUpTo(rev);
                  return HashResponse.newBuilder()
                      .setHeader(headers.header(rev))
                      .setHash(h)
                      .build();
                },
                blocking));
  }

  @Override
  public void hashKV(HashKVRequest r, StreamObserver<HashKVResponse> out) {
    Replies.reply(
        out,
        () -> {
          long current = engine.durableRev();
          long compact = engine.compactRev();
          long rev = r.getRevision() == 0 ? current : r.getRevision();
          if (rev > current) {
            throw EtcdError.FUTURE_REV.exception();
          }
          if (r.getRevision() > 0 && rev <= compact) {
            throw EtcdError.COMPACTED.exception();
          }
          return CompletableFuture.supplyAsync(
              () ->
                  HashKVResponse.newBuilder()
                      .setHeader(headers.header(current))
                      .setHash(hashUpTo(rev))
                      .setCompactRevision(compact)
                      .build(),
              blocking);
        });
  }

  /** CRC32C over every retained revision at or below {@code rev}: key, revisions and value. */
  private int hashUpTo(long rev) {
    List<KeyRev> revs =
        engine.read(
            index -> {
              List<KeyRev> all = new ArrayList<>();
              for (var e : index.histories()) {
                for (KeyRev kr : e.getValue().all()) {
                  if (kr.modRev() <= rev) {
                    all.add(kr);
                  }
                }
              }
              return all;
            });
    CRC32C crc = new CRC32C();
    ByteBuffer nums = ByteBuffer.allocate(8 * 4 + 1);
    for (int i = 0; i < revs.size(); i += HASH_BATCH) {
      List<KeyRev> batch = revs.subList(i, Math.min(revs.size(), i + HASH_BATCH));
      List<ByteString> values = engine.storage().values(batch).join();
      for (int j = 0; j < batch.size(); j++) {
        KeyRev kr = batch.get(j);
        crc.update(kr.key().asReadOnlyByteBuffer());
        nums.clear()
            .putLong(kr.modRev())
            .putLong(kr.createRev())
            .putLong(kr.version())
            .putLong(kr.lease())
            .put((byte) (kr.tombstone() ? 1 : 0))
            .flip();
        crc.update(nums);
        crc.update(values.get(j).asReadOnlyByteBuffer());
      }
    }
    return (int) crc.getValue();
  }

  @Override
  public void moveLeader(MoveLeaderRequest r, StreamObserver<MoveLeaderResponse> out) {
    Replies.reply(
        out,
        () -> {
          if (r.getTargetID() != headers.memberId()) {
            throw EtcdError.MEMBER_NOT_FOUND.exception();
          }
          return CompletableFuture.completedFuture(
              MoveLeaderResponse.newBuilder().setHeader(headers.current()).build());
        });
  }

  @Override
  public void snapshot(SnapshotRequest r, StreamObserver<SnapshotResponse> out) {
    blocking.execute(
        () -> {
          try {
            byte[] blob = snapshotBytes();
            long rev = engine.durableRev();
            for (int off = 0; off < blob.length; off += SNAPSHOT_CHUNK) {
              int n = Math.min(SNAPSHOT_CHUNK, blob.length - off);
              out.onNext(
                  SnapshotResponse.newBuilder()
                      .setHeader(headers.header(rev))
                      .setRemainingBytes(blob.length - off - n)
                      .setBlob(ByteString.copyFrom(blob, off, n))
                      .build());
            }
            out.onCompleted();
          } catch (RuntimeException e) {
            out.onError(EtcdException.toStatus(e));
          }
        });
  }

  /**
   * The snapshot: "SLUICEKV1", then per live key {@code [recordLen:4][modRev:8][sub:4][record]} in
   * key order (record as in {@link RecordCodec}), then per lease {@code
   * [-1:4][id:8][ttl:8][deadlineMillis:8]}, then {@code [-2:4]}, zero padding to a multiple of 512
   * bytes, then the SHA-256 of everything before it (the shape etcdctl checks for).
   */
  private byte[] snapshotBytes() {
    long rev = engine.durableRev();
    List<KeyRev> live =
        engine.read(
            index ->
                index.range(
                    ByteString.copyFrom(new byte[] {0}), MvccIndex.FROM_KEY, rev, 0, null, true));
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    bos.writeBytes("SLUICEKV1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (int i = 0; i < live.size(); i += HASH_BATCH) {
      List<KeyRev> batch = live.subList(i, Math.min(live.size(), i + HASH_BATCH));
      List<ByteString> values = engine.storage().values(batch).join();
      for (int j = 0; j < batch.size(); j++) {
        KeyRev kr = batch.get(j);
        KeyRev withValue =
            new KeyRev(
                kr.key(),
                kr.modRev(),
                kr.sub(),
                kr.createRev(),
                kr.version(),
                kr.lease(),
                false,
                values.get(j));
        ByteBuffer rec = RecordCodec.encodeChange(withValue, headers.memberId());
        ByteBuffer head = ByteBuffer.allocate(16).putInt(rec.remaining());
        head.putLong(kr.modRev()).putInt(kr.sub());
        bos.write(head.array(), 0, 16);
        bos.write(rec.array(), rec.arrayOffset() + rec.position(), rec.remaining());
      }
    }
    for (long id : engine.leaseIds()) {
      var l = engine.lease(id);
      if (l != null) {
        ByteBuffer b = ByteBuffer.allocate(28).putInt(-1).putLong(id).putLong(l.ttlSeconds());
        b.putLong(l.deadlineMillis());
        bos.write(b.array(), 0, 28);
      }
    }
    ByteBuffer end = ByteBuffer.allocate(4).putInt(-2);
    bos.write(end.array(), 0, 4);
    while (bos.size() % 512 != 0) {
      bos.write(0);
    }
    try {
      byte[] body = bos.toByteArray();
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
      bos.write(sha, 0, sha.length);
      return bos.toByteArray();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
