package io.sluice.streams.internal.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks the {@code authorization} header of every controller call when auth is on: {@code Basic
 * base64(user:password)} against the configured users, or {@code Bearer <jwt>} signed with the
 * shared secret and not expired. A missing or wrong credential fails the call with UNAUTHENTICATED,
 * which the Pravega client reports as its authentication error. Thread-safe.
 */
final class CredentialsInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Map<String, String> users;
  private final Predicate<String> bearer;

  /**
   * With null users, everything passes (auth off).
   *
   * @param bearer whether a bearer token is valid (signed with the shared key, not expired)
   */
  CredentialsInterceptor(Map<String, String> users, Predicate<String> bearer) {
    this.users = users;
    this.bearer = bearer;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (users != null && !authenticated(headers.get(AUTHORIZATION))) {
      call.close(Status.UNAUTHENTICATED.withDescription("Authentication failed"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private boolean authenticated(String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2) {
      return false;
    }
    if (parts[0].equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return false;
      }
      String expected = users.get(decoded.substring(0, colon));
      return expected != null
          && MessageDigest.isEqual(
              expected.getBytes(StandardCharsets.UTF_8),
              decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }
    if (parts[0].equalsIgnoreCase("Bearer")) {
      return bearer.test(parts[1]);
    }
    return false;
  }
}
