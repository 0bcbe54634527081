package io.sluice.sessions.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.sessions.v1.GetRequest;
import io.sluice.sessions.v1.KindPolicy;
import io.sluice.sessions.v1.ListKindsRequest;
import io.sluice.sessions.v1.OpenRequest;
import io.sluice.sessions.v1.SessionInfo;
import io.sluice.sessions.v1.SessionRef;
import io.sluice.sessions.v1.SessionsGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The Java client of a node's sessions face ({@code sluice.sessions.v1}). Opens sessions, gives
 * handles on existing ones, defines kinds and registers handlers. Calls block until the node has
 * answered (each with {@link #callTimeout()} as its deadline) and throw {@link SessionsException};
 * run many of them at once on virtual threads. The session operations (open, append, replace,
 * delete, store) of all threads share one {@code Operate} stream per client, batched per message
 * (see {@link #withUnaryOperations()} for one unary call each). Thread-safe.
 */
public final class SessionsClient implements AutoCloseable {
  /** The default deadline of one call. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final ManagedChannel ownedChannel;
  private final EventLoopGroup ownedLoop;
  private final Channel channel;
  private final SessionsGrpc.SessionsBlockingStub blocking;
  private final Duration callTimeout;
  private final OperationStream stream;
  private final boolean ownsStream;
  private final boolean unary;

  private SessionsClient(
      ManagedChannel owned,
      EventLoopGroup ownedLoop,
      Channel channel,
      Duration callTimeout,
      OperationStream stream,
      boolean unary) {
    this.ownedChannel = owned;
    this.ownedLoop = ownedLoop;
    this.channel = channel;
    this.blocking = SessionsGrpc.newBlockingStub(channel);
    this.callTimeout = callTimeout;
    this.ownsStream = stream == null;
    this.stream =
        stream != null
            ? stream
            : new OperationStream(channel, ownedLoop == null ? null : ownedLoop.next());
    this.unary = unary;
  }

  private SessionsClient(ManagedChannel owned, Channel channel, Duration callTimeout) {
    this(owned, null, channel, callTimeout, null, false);
  }

  /** Connects to {@code host:port} (plaintext). The client owns the connection. */
  public static SessionsClient connect(String host, int port) {
    return connect(host, port, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Connects to {@code host:port} (plaintext) with {@code callTimeout} as every call's deadline.
   * The client owns the connection.
   */
  public static SessionsClient connect(String host, int port, Duration callTimeout) {
    // the connection's own event loop also sends the Operate stream's batches: operations queued
    // by many threads while it is busy go out together, with no thread hop beyond the write's own
    EventLoopGroup loop =
        new NioEventLoopGroup(1, new DefaultThreadFactory("sluice-sessions-client", true));
    ManagedChannel ch =
        NettyChannelBuilder.forAddress(host, port)
            .eventLoopGroup(loop)
            .channelType(NioSocketChannel.class)
            .usePlaintext()
            // session operations are not idempotent and the Operate stream is long-lived:
            // no retry buffering (a failed operation is reported, the caller decides)
            .disableRetry()
            .maxInboundMessageSize(64 << 20)
            .build();
    return new SessionsClient(ch, loop, ch, callTimeout, null, false);
  }

  /** Connects to an address written {@code host:port}. */
  public static SessionsClient connect(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in '" + hostPort + "'", e);
    }
    return connect(hostPort.substring(0, colon), port);
  }

  /** A client over a channel the caller owns (and closes). */
  public static SessionsClient over(Channel channel) {
    return new SessionsClient(null, channel, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * A client sharing this one's channel, with another per-call deadline. It does not own the
   * channel: closing it does nothing, and this client must stay open while it is used.
   */
  public SessionsClient withCallTimeout(Duration timeout) {
    return new SessionsClient(null, null, channel, timeout, stream, unary);
  }

  /**
   * A client sharing this one's channel that sends open, append, replace, delete and store as one
   * unary call each instead of over the shared {@code Operate} stream (the default). The results
   * and errors are the same; the stream costs far less per operation when many threads share a
   * client. It does not own the channel: this client must stay open while it is used.
   */
  public SessionsClient withUnaryOperations() {
    return new SessionsClient(null, null, channel, callTimeout, stream, true);
  }

  /** Whether session operations go as unary calls rather than over the {@code Operate} stream. */
  public boolean unaryOperations() {
    return unary;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  /** The channel, for callers that speak the raw protocol (generated stubs) beside this client. */
  public Channel channel() {
    return channel;
  }

  <T> T call(Function<SessionsGrpc.SessionsBlockingStub, T> rpc) {
    try {
      return rpc.apply(blocking.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw SessionsException.from(e);
    }
  }

  /**
   * Whether {@code request} goes over the {@code Operate} stream: unless unary calls were asked
   * for, or it is larger than {@link OperationStream#MAX_STREAMED_OP_BYTES} (a large operation goes
   * alone as a unary call, so a request over the node's message limit fails by itself instead of
   * breaking the stream other operations share).
   */
  boolean streams(com.google.protobuf.MessageLite request) {
    return streams(request.getSerializedSize());
  }

  /** {@link #streams(com.google.protobuf.MessageLite)} for a request of {@code size} bytes. */
  boolean streams(int size) {
    return !unary && size <= OperationStream.MAX_STREAMED_OP_BYTES;
  }

  /**
   * Runs one session operation over the {@code Operate} stream, its element written by {@code
   * element} for the request id it gets (see {@link OperateWire#sessionElement}); returns the one
   * field of its reply.
   */
  long operate(java.util.function.LongFunction<byte[]> element) {
    return stream.call(element, callTimeout);
  }

  /**
   * Runs one session operation ({@code request} as member {@code member} of an {@code Operation},
   * see {@link OperateWire}) over the {@code Operate} stream and returns the one field of its reply
   * (errors are thrown).
   */
  long operate(int member, com.google.protobuf.MessageLite request) {
    return stream.call(member, request, callTimeout);
  }

  /** Opens a new session of {@code kind}; returns once it is durable. */
  public Session open(int kind) {
    long id;
    if (!unary) {
      id = operate(rid -> OperateWire.openElement(rid, kind));
    } else {
      OpenRequest request = OpenRequest.newBuilder().setKind(kind).build();
      id = call(s -> s.open(request)).getId();
    }
    return new Session(this, id, 0);
  }

  /** A handle on an existing session, as its creator. */
  public Session session(long id) {
    return new Session(this, id, 0);
  }

  /** A handle on an existing session, as the handler of delivery {@code attempt}. */
  public Session session(long id, int attempt) {
    return new Session(this, id, attempt);
  }

  /** Describes a live session. */
  public SessionView get(long id, boolean includeRecords) {
    GetRequest request =
        GetRequest.newBuilder()
            .setSession(SessionRef.newBuilder().setId(id))
            .setIncludeRecords(includeRecords)
            .build();
    SessionInfo info = call(s -> s.get(request));
    return new SessionView(
        info.getId(),
        info.getKind(),
        info.getOriginalKind(),
        info.getState().name(),
        info.getAttempt(),
        info.getDueAtMillis(),
        info.getRecordCount(),
        info.getByteCount(),
        info.getRecordsList().stream().map(b -> b.toByteArray()).toList());
  }

  /** Defines or redefines a kind; durable when this returns. */
  public void defineKind(KindSpec spec) {
    KindPolicy policy = spec.toProto();
    call(s -> s.defineKind(policy));
  }

  /** The kinds defined on the node. */
  public List<KindSpec> kinds() {
    return call(s -> s.listKinds(ListKindsRequest.getDefaultInstance())).getKindsList().stream()
        .map(KindSpec::fromProto)
        .toList();
  }

  /**
   * Registers a handler for {@code kind}: due sessions of that kind are delivered to it until the
   * registration is closed. The subscription is renewed after broken streams.
   */
  public HandlerRegistration handle(int kind, HandlerOptions options, SessionHandler handler) {
    return HandlerRegistration.start(this, kind, options, handler);
  }

  /** Closes the connection if this client opened it. Idempotent. */
  @Override
  public void close() {
    if (ownsStream) {
      stream.close();
    }
    if (ownedChannel != null) {
      ownedChannel.shutdownNow();
      try {
        ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ownedLoop != null) {
      ownedLoop
          .shutdownGracefully(0, 1, TimeUnit.SECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
