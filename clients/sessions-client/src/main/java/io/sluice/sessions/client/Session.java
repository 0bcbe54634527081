package io.sluice.sessions.client;

import com.google.protobuf.ByteString;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.RenewRequest;
import io.sluice.sessions.v1.ReplaceRequest;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.StoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A handle on one session of the node: the client that opened it, or the handler it was delivered
 * to (then the handle carries the delivery's attempt as its lease token). Every method blocks until
 * the node has made the change durable, and throws {@link SessionsException} on failure.
 * Thread-safe (calls on one session are ordered as the caller orders them).
 */
public final class Session {
  private static final byte[][] NO_RECORDS = new byte[0][];

  private final SessionsClient client;
  private final long id;
  private final int attempt;
  // built on first use: the Operate stream's common operations need none
  private volatile SessionRef ref;
  private volatile boolean finished;

  Session(SessionsClient client, long id, int attempt) {
    this.client = client;
    this.id = id;
    this.attempt = attempt;
  }

  public long id() {
    return id;
  }

  /** 0 for the session's creator, else the attempt number of the delivery this handle works for. */
  public int attempt() {
    return attempt;
  }

  /** Whether {@link #delete} or {@link #store} succeeded through this handle. */
  public boolean finished() {
    return finished;
  }

  private SessionRef ref() {
    SessionRef r = ref;
    if (r == null) {
      r = SessionRef.newBuilder().setId(id).setAttempt(attempt).build();
      ref = r;
    }
    return r;
  }

  /**
   * Appends records, all or nothing.
   *
   * @return the number of records in the session afterwards
   */
  public int append(byte[]... records) {
    for (byte[] r : records) {
      Objects.requireNonNull(r, "record");
    }
    if (client.streams(OperateWire.sessionRequestSize(id, attempt, records))) {
      // written straight into the Operate element (the bytes the request below would have)
      return (int)
          client.operate(
              rid -> OperateWire.sessionElement(rid, OperateWire.APPEND, id, attempt, records));
    }
    // unary calls, or too large for the stream: the request below has the same size
    AppendRequest.Builder b = AppendRequest.newBuilder().setSession(ref());
    for (byte[] r : records) {
      b.addRecords(ByteString.copyFrom(r));
    }
    AppendRequest request = b.build();
    return client.call(s -> s.append(request)).getRecordCount();
  }

  /** Drops every record of the session and keeps {@code record} alone. */
  public void replace(byte[] record) {
    ReplaceRequest request =
        ReplaceRequest.newBuilder()
            .setSession(ref())
            .setRecord(ByteString.copyFrom(record))
            .build();
    if (!client.streams(request)) {
      client.call(s -> s.replace(request));
    } else {
      client.operate(OperateWire.REPLACE, request);
    }
  }

  /** Finishes the session: it is never delivered again. */
  public void delete() {
    if (client.streams(OperateWire.sessionRequestSize(id, attempt, NO_RECORDS))) {
      client.operate(
          rid -> OperateWire.sessionElement(rid, OperateWire.DELETE, id, attempt, NO_RECORDS));
    } else {
      DeleteRequest request = DeleteRequest.newBuilder().setSession(ref()).build();
      client.call(s -> s.delete(request));
    }
    finished = true;
  }

  /**
   * Stores the session for redelivery after {@code timeout} (plus the kind's jitter).
   *
   * @return when the session becomes due
   */
  public Instant store(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout " + timeout);
    }
    return store(StoreRequest.newBuilder().setSession(ref()).setTimeoutMillis(timeout.toMillis()));
  }

  /** Stores the session for redelivery after its kind's default timeout. */
  public Instant store() {
    return store(StoreRequest.newBuilder().setSession(ref()));
  }

  private Instant store(StoreRequest.Builder b) {
    StoreRequest request = b.build();
    long due =
        !client.streams(request)
            ? client.call(s -> s.store(request)).getDueAtMillis()
            : client.operate(OperateWire.STORE, request);
    finished = true;
    return Instant.ofEpochMilli(due);
  }

  /** Extends this delivery's lease to {@code lease} from now ({@code ZERO}: the handler's). */
  public void renew(Duration lease) {
    RenewRequest request =
        RenewRequest.newBuilder().setSession(ref()).setLeaseMillis(lease.toMillis()).build();
    client.call(s -> s.renew(request));
  }

  /** Describes the session now. */
  public SessionView view(boolean includeRecords) {
    return client.get(id, includeRecords);
  }

  @Override
  public String toString() {
    return "Session[" + id + (attempt == 0 ? "" : ", attempt " + attempt) + "]";
  }
}
