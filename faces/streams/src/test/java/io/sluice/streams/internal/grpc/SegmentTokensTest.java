package io.sluice.streams.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.sluice.protocol.auth.DelegationTokens;
import io.sluice.protocol.auth.TokenClaims;
import io.sluice.streams.internal.wire.SegmentAuth.Access;
import io.sluice.streams.internal.wire.SegmentAuth.Verdict;
import io.sluice.streams.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SegmentTokensTest {
  private final ManualClock clock = new ManualClock();
  private final SegmentTokens tokens = new SegmentTokens("secret", clock, Duration.ofMinutes(10));

  @Test
  void tokensGrantTheirStreamOnlyUntilTheyExpire() {
    String rw = tokens.issue("sc", "st", true);
    String ro = tokens.issue("sc", "st", false);
    assertThat(tokens.check(rw, "sc/st/0.#epoch.0", Access.WRITE)).isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check(ro, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check(ro, "sc/st/0.#epoch.0", Access.WRITE)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(rw, "sc/other/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(rw, "other/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(rw, "sc/_MARKst/0.#epoch.0", Access.READ)).isEqualTo(Verdict.ALLOWED);
    assertThat(
            tokens.check(tokens.issue("sc", "kv", true), "sc/kv_kvtable/0.#epoch.0", Access.WRITE))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check(tokens.issue("sc", null, false), "sc/any/0.#epoch.0", Access.READ))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.check("", "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check("not.a.jwt", "sc/st/0.#epoch.0", Access.READ))
        .isEqualTo(Verdict.DENIED);
    clock.advance(Duration.ofMinutes(11).toMillis());
    assertThat(tokens.check(rw, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.EXPIRED);
  }

  @Test
  void tokensSignedWithAnotherKeyAreRefused() {
    TokenClaims claims =
        new TokenClaims(
            DelegationTokens.SUBJECT,
            DelegationTokens.AUDIENCE,
            Instant.ofEpochMilli(clock.currentTimeMillis()),
            Optional.empty(),
            Map.of(SegmentTokens.resource("sc", "st"), "READ_UPDATE"));
    String forged = DelegationTokens.sign(claims, "other".getBytes(StandardCharsets.UTF_8));
    String genuine = DelegationTokens.sign(claims, "secret".getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.check(forged, "sc/st/0.#epoch.0", Access.READ)).isEqualTo(Verdict.DENIED);
    assertThat(tokens.check(genuine, "sc/st/0.#epoch.0", Access.WRITE)).isEqualTo(Verdict.ALLOWED);
    assertThat(tokens.isValidBearer(genuine)).isTrue();
    assertThat(tokens.isValidBearer(forged)).isFalse();
  }

  @Test
  void controllerAcceptsBasicAndBearerCredentialsOnly() {
    CredentialsInterceptor auth =
        new CredentialsInterceptor(Map.of("admin", "pw"), tokens::isValidBearer);
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
    String wrong =
        "Basic " + Base64.getEncoder().encodeToString("admin:no".getBytes(StandardCharsets.UTF_8));
    assertThat(call(auth, basic)).isNull();
    assertThat(call(auth, "Bearer " + tokens.issue("sc", null, true))).isNull();
    assertThat(call(auth, wrong)).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(call(auth, "Bearer not.a.jwt")).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(call(auth, null)).isEqualTo(Status.Code.UNAUTHENTICATED);
    String bearer = "Bearer " + tokens.issue("sc", null, true);
    clock.advance(Duration.ofMinutes(11).toMillis());
    assertThat(call(auth, bearer)).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  /** Runs one call through the interceptor; the status it was closed with, or null if let on. */
  private static Status.Code call(CredentialsInterceptor auth, String header) {
    Metadata headers = new Metadata();
    if (header != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), header);
    }
    AtomicReference<Status.Code> closed = new AtomicReference<>();
    ServerCall<Object, Object> call =
        new ServerCall<>() {
          @Override
          public void request(int numMessages) {}

          @Override
          public void sendHeaders(Metadata h) {}

          @Override
          public void sendMessage(Object message) {}

          @Override
          public void close(Status status, Metadata trailers) {
            closed.set(status.getCode());
          }

          @Override
          public boolean isCancelled() {
            return false;
          }

          @Override
          public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return null;
          }
        };
    ServerCallHandler<Object, Object> next = (c, h) -> new ServerCall.Listener<>() {};
    auth.interceptCall(call, headers, next);
    return closed.get();
  }
}
