package io.sluice.streams.internal.grpc;

import io.grpc.ServerInterceptor;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sluice.storage.Clock;
import io.sluice.streams.StreamsOptions;
import io.sluice.streams.internal.wire.SegmentAuth;
import javax.net.ssl.SSLException;

/**
 * The streams face's security as one value: the controller's credentials interceptor, the
 * delegation-token issuer, the segment store's token check and the TLS contexts of both ports. With
 * auth off every check passes and tokens are empty. Immutable and thread-safe.
 */
public record Security(
    ServerInterceptor interceptor,
    TokenIssuer tokens,
    SegmentAuth segmentAuth,
    SslContext grpcSsl,
    SslContext serverSsl) {

  /**
   * Builds the security of the face.
   *
   * @param nodeSecret the node's own token key, used when the options name none
   */
  public static Security create(
      StreamsOptions options, Clock clock, java.util.function.Supplier<String> nodeSecret) {
    SslContext grpcSsl = null;
    SslContext serverSsl = null;
    if (options.tlsCertificate() != null) {
      try {
        grpcSsl =
            GrpcSslContexts.configure(
                    SslContextBuilder.forServer(
                        options.tlsCertificate().toFile(), options.tlsKey().toFile()))
                .build();
        serverSsl =
            SslContextBuilder.forServer(
                    options.tlsCertificate().toFile(), options.tlsKey().toFile())
                .build();
      } catch (SSLException | RuntimeException e) {
        throw new IllegalArgumentException(
            "cannot load TLS certificate " + options.tlsCertificate() + ": " + e.getMessage(), e);
      }
    }
    if (!options.authEnabled()) {
      return new Security(
          new CredentialsInterceptor(null, token -> false),
          TokenIssuer.NONE,
          SegmentAuth.OFF,
          grpcSsl,
          serverSsl);
    }
    String secret = options.tokenSecret() != null ? options.tokenSecret() : nodeSecret.get();
    SegmentTokens tokens = new SegmentTokens(secret, clock, options.tokenTtl());
    return new Security(
        new CredentialsInterceptor(options.users(), tokens::isValidBearer),
        tokens,
        tokens,
        grpcSsl,
        serverSsl);
  }
}
