package io.sluice.sessions.internal;

import com.google.protobuf.ByteString;
import io.sluice.sessions.v1.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The messages between the node and the SP REP peer of a kind with an endpoint.
 *
 * <p>Request (node to peer), one JSON object in UTF-8, the same fields as {@code ./sluice session
 * handle} prints plus two:
 *
 * <pre>
 *   {"id":42,"kind":7,"attempt":1,"records":["aGVsbG8=",...],"original_kind":7,"due_at_millis":1700000000000}
 * </pre>
 *
 * {@code records} are base64 (RFC 4648, with padding), in order; {@code attempt} is 1 for the first
 * delivery; {@code original_kind} is the kind the session was opened with (it differs after a move
 * to a dead-letter kind); {@code due_at_millis} is when it became due (ms since the epoch).
 *
 * <p>Reply (peer to node): a command line in ASCII, optionally followed by a newline ({@code \n})
 * and a payload of raw bytes. Commands are case-insensitive; {@code MILLIS} is optional (absent:
 * the kind's default timeout):
 *
 * <ul>
 *   <li>{@code DELETE}: the session is finished (deleted, never delivered again).
 *   <li>{@code STORE [MILLIS]}: store it again, due after MILLIS.
 *   <li>{@code REPLACE [MILLIS]\n<record>}: replace all its records with the payload, then store.
 *   <li>{@code APPEND [MILLIS]\n<record>}: append the payload as one record, then store.
 * </ul>
 *
 * Anything else is an unreadable reply, which counts as a failed attempt (as does no reply). So a
 * fixed answer from a script works: {@code nngcat --rep --data DELETE} finishes every session.
 *
 * <p>Compatibility rule: fields are only added to the request; new commands may be added to the
 * reply. Stateless.
 */
final class EndpointCodec {
  private EndpointCodec() {}

  /** The longest command line read before its newline. */
  static final int MAX_COMMAND_BYTES = 64;

  /** What the peer asked for. */
  sealed interface Action {}

  record Delete() implements Action {}

  /** {@code timeoutMillis} -1: the kind's default. */
  record Store(long timeoutMillis) implements Action {}

  record Replace(long timeoutMillis, byte[] record) implements Action {}

  record Append(long timeoutMillis, byte[] record) implements Action {}

  /** An unreadable reply, and why. */
  record Bad(String why) implements Action {}

  static byte[] request(Delivery d) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"id\":")
        .append(Long.toUnsignedString(d.getId()))
        .append(",\"kind\":")
        .append(Integer.toUnsignedString(d.getKind()))
        .append(",\"attempt\":")
        .append(d.getAttempt())
        .append(",\"records\":[");
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < d.getRecordsCount(); i++) {
      if (i > 0) {
        b.append(',');
      }
      ByteString r = d.getRecords(i);
      b.append('"').append(base64.encodeToString(r.toByteArray())).append('"');
    }
    b.append("],\"original_kind\":")
        .append(Integer.toUnsignedString(d.getOriginalKind()))
        .append(",\"due_at_millis\":")
        .append(d.getDueAtMillis())
        .append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Action reply(byte[] body) {
    int nl = -1;
    for (int i = 0; i < body.length && i <= MAX_COMMAND_BYTES; i++) {
      if (body[i] == '\n') {
        nl = i;
        break;
      }
    }
    if (nl < 0 && body.length > MAX_COMMAND_BYTES) {
      return new Bad("no command line in the first " + MAX_COMMAND_BYTES + " bytes");
    }
    String line = new String(body, 0, nl < 0 ? body.length : nl, StandardCharsets.US_ASCII).trim();
    byte[] payload = nl < 0 ? null : Arrays.copyOfRange(body, nl + 1, body.length);
    String[] words = line.isEmpty() ? new String[0] : line.split("\\s+");
    if (words.length == 0 || words.length > 2) {
      return new Bad("expected DELETE, STORE [MILLIS], REPLACE [MILLIS] or APPEND [MILLIS]");
    }
    long timeout = -1;
    if (words.length == 2) {
      if (!words[1].matches("\\d{1,15}")) {
        return new Bad("'" + words[1] + "' is not a timeout in milliseconds");
      }
      timeout = Long.parseLong(words[1]);
    }
    boolean noPayload = payload == null || new String(payload, StandardCharsets.US_ASCII).isBlank();
    return switch (words[0].toUpperCase(Locale.ROOT)) {
      case "DELETE" ->
          words.length == 1 && noPayload ? new Delete() : new Bad("DELETE takes nothing more");
      case "STORE" -> noPayload ? new Store(timeout) : new Bad("STORE takes no payload");
      case "REPLACE" ->
          payload == null
              ? new Bad("REPLACE needs a newline and the record")
              : new Replace(timeout, payload);
      case "APPEND" ->
          payload == null
              ? new Bad("APPEND needs a newline and the record")
              : new Append(timeout, payload);
      default -> new Bad("unknown command '" + printable(words[0]) + "'");
    };
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
      if (b.length() >= 32) {
        break;
      }
    }
    return b.toString();
  }
}
