package io.sluice.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The admin HTTP face: {@code GET /health} (200 "ok" once the node is ready, 503 before and while
 * stopping) and {@code GET /metrics} (Prometheus text). Requests are handled on virtual threads.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class AdminServer implements AutoCloseable {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer http;
  private final ExecutorService executor;

  private AdminServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /** Binds and starts serving. */
  public static AdminServer start(
      InetSocketAddress bind, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    HttpServer http = HttpServer.create(bind, 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext(
        "/health",
        ex -> {
          if (!allowGet(ex)) {
            return;
          }
          boolean ok = ready.getAsBoolean();
          reply(
              ex,
              ok ? 200 : 503,
              "text/plain; charset=utf-8",
              ok ? "ok\n" : "starting or stopping\n");
        });
    http.createContext(
        "/metrics",
        ex -> {
          if (!allowGet(ex)) {
            return;
          }
          reply(ex, 200, PROMETHEUS_TEXT, registry.scrape());
        });
    http.createContext(
        "/",
        ex -> reply(ex, 404, "text/plain; charset=utf-8", "not found: try /health or /metrics\n"));
    http.start();
    return new AdminServer(http, executor);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private static boolean allowGet(HttpExchange ex) throws IOException {
    String m = ex.getRequestMethod();
    if (m.equals("GET") || m.equals("HEAD")) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", "GET, HEAD");
    reply(ex, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n");
    return false;
  }

  private static void reply(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
