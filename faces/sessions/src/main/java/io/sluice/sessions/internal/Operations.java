package io.sluice.sessions.internal;

import com.google.protobuf.ByteString;
import io.sluice.sessions.client.SessionsError;
import io.sluice.sessions.v1.AppendReply;
import io.sluice.sessions.v1.AppendRequest;
import io.sluice.sessions.v1.DeleteReply;
import io.sluice.sessions.v1.DeleteRequest;
import io.sluice.sessions.v1.OpenReply;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.ReplaceReply;
import io.sluice.sessions.v1.ReplaceRequest;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.StoreReply;
import io.sluice.sessions.v1.StoreRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The five session-changing operations (Open, Append, Replace, Delete, Store) as the wire asks for
 * them: checks the shape of a request and calls the matching {@link SessionLog} operation, with the
 * same errors whether the request came as a unary call or inside an {@code Operate} stream. Every
 * method must run on the sessions loop thread; the replies are turned into wire messages by {@code
 * toReply}. Stateless.
 */
final class Operations {
  private Operations() {}

  /** A reply that converts the log's value into a wire message before handing it on. */
  static <T, R> Reply<T> mapped(Reply<R> to, Function<T, R> toReply) {
    return new Reply<>() {
      @Override
      public void ok(T value) {
        to.ok(toReply.apply(value));
      }

      @Override
      public void fail(SessionsError error, String message) {
        to.fail(error, message);
      }
    };
  }

  private static boolean badRef(SessionRef ref, boolean present, Reply<?> reply) {
    if (!present || ref.getId() == 0) {
      reply.fail(SessionsError.BAD_REQUEST, "the request needs a session id");
      return true;
    }
    return false;
  }

  static void open(SessionLog log, OpenRequest request, Reply<OpenReply> reply) {
    log.openNow(request.getKind(), mapped(reply, id -> OpenReply.newBuilder().setId(id).build()));
  }

  static void append(SessionLog log, AppendRequest request, Reply<AppendReply> reply) {
    if (badRef(request.getSession(), request.hasSession(), reply)) {
      return;
    }
    List<ByteBuffer> records = new ArrayList<>(request.getRecordsCount());
    for (ByteString b : request.getRecordsList()) {
      records.add(b.asReadOnlyByteBuffer());
    }
    log.appendNow(
        request.getSession().getId(),
        request.getSession().getAttempt(),
        records,
        mapped(reply, n -> AppendReply.newBuilder().setRecordCount(n).build()));
  }

  static void replace(SessionLog log, ReplaceRequest request, Reply<ReplaceReply> reply) {
    if (badRef(request.getSession(), request.hasSession(), reply)) {
      return;
    }
    log.replaceNow(
        request.getSession().getId(),
        request.getSession().getAttempt(),
        request.getRecord().asReadOnlyByteBuffer(),
        mapped(reply, v -> ReplaceReply.getDefaultInstance()));
  }

  static void delete(SessionLog log, DeleteRequest request, Reply<DeleteReply> reply) {
    if (badRef(request.getSession(), request.hasSession(), reply)) {
      return;
    }
    log.deleteNow(
        request.getSession().getId(),
        request.getSession().getAttempt(),
        mapped(reply, v -> DeleteReply.getDefaultInstance()));
  }

  static void store(SessionLog log, StoreRequest request, Reply<StoreReply> reply) {
    if (badRef(request.getSession(), request.hasSession(), reply)) {
      return;
    }
    long timeout = request.hasTimeoutMillis() ? request.getTimeoutMillis() : -1;
    if (request.hasTimeoutMillis() && timeout < 0) {
      reply.fail(SessionsError.BAD_REQUEST, "timeout out of range");
      return;
    }
    log.storeNow(
        request.getSession().getId(),
        request.getSession().getAttempt(),
        timeout,
        mapped(reply, due -> StoreReply.newBuilder().setDueAtMillis(due).build()));
  }
}
