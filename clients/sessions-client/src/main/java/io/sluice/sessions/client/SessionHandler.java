package io.sluice.sessions.client;

/**
 * Works on delivered sessions of one kind. A handler ends each delivery with {@code
 * delivery.session().delete()} or {@code store(...)}; if it returns without doing either, or
 * throws, the client stores the session with the kind's default timeout, so it is delivered again.
 * Delivery is at-least-once: a handler must be idempotent (keyed by session id and attempt).
 * Implementations must be thread-safe when registered with more than one session in flight.
 */
@FunctionalInterface
public interface SessionHandler {
  void handle(Delivery delivery) throws Exception;
}
