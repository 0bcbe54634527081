package io.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthFollowsReadinessAndMetricsArePrometheusText() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("sluice.test.events").register(registry).increment(3);
    AtomicBoolean ready = new AtomicBoolean(false);
    try (AdminServer admin =
        AdminServer.start(new InetSocketAddress("127.0.0.1", 0), registry, ready::get)) {
      String base = "http://127.0.0.1:" + admin.port();
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode())
          .isEqualTo(503);
      ready.set(true);
      HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/health")));
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");

      HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "/metrics")));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("sluice_test_events_total 3.0");

      HttpResponse<String> post =
          send(
              HttpRequest.newBuilder(URI.create(base + "/health"))
                  .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/nope"))).statusCode())
          .isEqualTo(404);
    }
  }
}
