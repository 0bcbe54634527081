package io.sluice.cli.sp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * nanocat's output formats for received messages, byte for byte: none, raw, ascii (non-printable
 * bytes as dots, one line per message), quoted (C-like escapes), msgpack (bin8/16/32 framing) and
 * hex ({@code "\xNN..."}). "Printable" is the C locale's {@code isprint}: 0x20..0x7e.
 *
 * <p>Stateless and thread-safe.
 */
public enum EchoFormat {
  /** Print nothing (nanocat's default). */
  NO,
  /** The message as is, no delimiter. */
  RAW,
  /** Printable characters, others as '.', then a newline. */
  ASCII,
  /** In double quotes with \n \r \\ \" and \xNN escapes, then a newline. */
  QUOTED,
  /** A msgpack bin8/bin16/bin32 value. */
  MSGPACK,
  /** In double quotes, every byte as \xNN, then a newline. */
  HEX;

  private static boolean printable(int b) {
    return b >= 0x20 && b <= 0x7e;
  }

  /** The bytes nanocat prints for a message {@code body}. */
  public byte[] render(byte[] body) {
    StringBuilder s = new StringBuilder();
    switch (this) {
      case NO -> {
        return new byte[0];
      }
      case RAW -> {
        return body.clone();
      }
      case ASCII -> {
        for (byte b : body) {
          s.append(printable(b) ? (char) b : '.');
        }
        s.append('\n');
      }
      case QUOTED -> {
        s.append('"');
        for (byte b : body) {
          switch (b) {
            case '\n' -> s.append("\\n");
            case '\r' -> s.append("\\r");
            case '\\', '"' -> s.append('\\').append((char) b);
            default -> {
              if (printable(b)) {
                s.append((char) b);
              } else {
                s.append(String.format("\\x%02x", b & 0xff));
              }
            }
          }
        }
        s.append("\"\n");
      }
      case MSGPACK -> {
        int n = body.length;
        byte[] head;
        if (n < 256) {
          head = new byte[] {(byte) 0xc4, (byte) n};
        } else if (n < 65536) {
          head = new byte[] {(byte) 0xc5, (byte) (n >> 8), (byte) n};
        } else {
          head =
              new byte[] {
                (byte) 0xc6, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n
              };
        }
        byte[] all = new byte[head.length + n];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, n);
        return all;
      }
      case HEX -> {
        s.append('"');
        for (byte b : body) {
          s.append(String.format("\\x%02x", b & 0xff));
        }
        s.append("\"\n");
      }
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Writes and flushes the rendering of {@code body}. */
  public void print(byte[] body, OutputStream out) throws IOException {
    if (this == NO) {
      return;
    }
    out.write(render(body));
    out.flush();
  }
}
