package io.sluice.sp;

/**
 * The options of one socket, with nanomsg's documented defaults ({@link #defaults()}). Durations
 * are milliseconds; {@code -1} means infinite where noted.
 *
 * <p>Immutable and thread-safe: change options with the {@code with*} methods and {@link
 * SpSocket#setOptions(SocketOptions)}.
 *
 * @param sendBufferBytes bytes of messages a socket queues for sending before send blocks (SNDBUF,
 *     128 KiB; one message may exceed it)
 * @param recvBufferBytes bytes of received messages queued before the socket stops reading from its
 *     peers (RCVBUF, 128 KiB)
 * @param sendTimeoutMillis how long a blocking send waits; -1 = forever (SNDTIMEO)
 * @param recvTimeoutMillis how long a blocking receive waits; -1 = forever (RCVTIMEO)
 * @param lingerMillis how long close() keeps delivering queued messages (LINGER, 1000)
 * @param reconnectIntervalMillis first wait before re-dialling a lost or refused peer (100)
 * @param reconnectIntervalMaxMillis back-off cap, doubling from the interval; 0 = no back-off
 * @param recvMaxSize largest accepted incoming message in bytes, -1 = unlimited (1 MiB); a peer
 *     sending more is disconnected
 * @param maxTtl hops a message may travel through devices, 1..255 (8)
 * @param tcpNoDelay whether TCP_NODELAY is set on tcp and ws connections (false, as nanomsg)
 * @param requestResendMillis REQ resends an unanswered request after this long (60000); -1 = never
 * @param surveyDeadlineMillis SURVEYOR collects answers for this long (1000)
 */
public record SocketOptions(
    int sendBufferBytes,
    int recvBufferBytes,
    long sendTimeoutMillis,
    long recvTimeoutMillis,
    long lingerMillis,
    long reconnectIntervalMillis,
    long reconnectIntervalMaxMillis,
    long recvMaxSize,
    int maxTtl,
    boolean tcpNoDelay,
    long requestResendMillis,
    long surveyDeadlineMillis) {

  /** Default SNDBUF/RCVBUF. */
  public static final int DEFAULT_BUFFER = 128 * 1024;

  /** Default RCVMAXSIZE. */
  public static final long DEFAULT_RECV_MAX_SIZE = 1024 * 1024;

  private static final SocketOptions DEFAULTS =
      new SocketOptions(
          DEFAULT_BUFFER,
          DEFAULT_BUFFER,
          -1,
          -1,
          1000,
          100,
          0,
          DEFAULT_RECV_MAX_SIZE,
          8,
          false,
          60_000,
          1000);

  /** Validates every field (the one place options are checked). */
  public SocketOptions {
    check(sendBufferBytes >= 0, "sendBufferBytes must be >= 0");
    check(recvBufferBytes >= 0, "recvBufferBytes must be >= 0");
    check(sendTimeoutMillis >= -1, "sendTimeoutMillis must be >= -1");
    check(recvTimeoutMillis >= -1, "recvTimeoutMillis must be >= -1");
    check(lingerMillis >= -1, "lingerMillis must be >= -1");
    check(reconnectIntervalMillis >= 1, "reconnectIntervalMillis must be >= 1");
    check(reconnectIntervalMaxMillis >= 0, "reconnectIntervalMaxMillis must be >= 0");
    check(recvMaxSize >= -1, "recvMaxSize must be >= -1");
    check(maxTtl >= 1 && maxTtl <= 255, "maxTtl must be in 1..255");
    check(requestResendMillis >= -1 && requestResendMillis != 0, "requestResendMillis: >=1 or -1");
    check(surveyDeadlineMillis >= 1, "surveyDeadlineMillis must be >= 1");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new SpException(SpError.INVALID_OPTION, message);
    }
  }

  /** nanomsg's defaults. */
  public static SocketOptions defaults() {
    return DEFAULTS;
  }

  /** With SNDBUF. */
  public SocketOptions withSendBufferBytes(int v) {
    return new SocketOptions(
        v,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With RCVBUF. */
  public SocketOptions withRecvBufferBytes(int v) {
    return new SocketOptions(
        sendBufferBytes,
        v,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With SNDTIMEO. */
  public SocketOptions withSendTimeoutMillis(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        v,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With RCVTIMEO. */
  public SocketOptions withRecvTimeoutMillis(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        v,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With LINGER. */
  public SocketOptions withLingerMillis(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        v,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With RECONNECT_IVL and RECONNECT_IVL_MAX. */
  public SocketOptions withReconnect(long intervalMillis, long maxMillis) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        intervalMillis,
        maxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With RCVMAXSIZE. */
  public SocketOptions withRecvMaxSize(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        v,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With MAXTTL. */
  public SocketOptions withMaxTtl(int v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        v,
        tcpNoDelay,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With TCP_NODELAY. */
  public SocketOptions withTcpNoDelay(boolean v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        v,
        requestResendMillis,
        surveyDeadlineMillis);
  }

  /** With REQ_RESEND_IVL. */
  public SocketOptions withRequestResendMillis(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        v,
        surveyDeadlineMillis);
  }

  /** With SURVEYOR_DEADLINE. */
  public SocketOptions withSurveyDeadlineMillis(long v) {
    return new SocketOptions(
        sendBufferBytes,
        recvBufferBytes,
        sendTimeoutMillis,
        recvTimeoutMillis,
        lingerMillis,
        reconnectIntervalMillis,
        reconnectIntervalMaxMillis,
        recvMaxSize,
        maxTtl,
        tcpNoDelay,
        requestResendMillis,
        v);
  }
}
