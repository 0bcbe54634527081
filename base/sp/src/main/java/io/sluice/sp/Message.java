package io.sluice.sp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One SP message: an optional protocol header (the backtrace of REQ/REP and SURVEYOR/RESPONDENT,
 * the hop count of PAIR v1, the source pipe of raw BUS) and a body. Cooked sockets manage the
 * header themselves and hand users an empty one; raw sockets (devices) show and take it.
 *
 * <p>Immutable by contract: the arrays are not copied, so do not modify them after handing a
 * message to a socket. Thread-safe under that contract.
 */
public final class Message {
  static final byte[] EMPTY = new byte[0];

  private final byte[] header;
  private final byte[] body;

  /** A message with an empty header. */
  public Message(byte[] body) {
    this(EMPTY, body);
  }

  /** A message with the given header and body (neither copied). */
  public Message(byte[] header, byte[] body) {
    this.header = header == null ? EMPTY : header;
    this.body = body == null ? EMPTY : body;
  }

  /** A message whose body is {@code text} in UTF-8. */
  public static Message of(String text) {
    return new Message(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The protocol header (never null, often empty). */
  public byte[] header() {
    return header;
  }

  /** The body (never null). */
  public byte[] body() {
    return body;
  }

  /** Header plus body length: the size of the message on the wire. */
  public int size() {
    return header.length + body.length;
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && Arrays.equals(header, m.header) && Arrays.equals(body, m.body);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(header) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Message[header=" + header.length + "B, body=" + body.length + "B]";
  }
}
