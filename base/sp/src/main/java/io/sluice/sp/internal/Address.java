package io.sluice.sp.internal;

import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * A parsed SP URL: {@code tcp://host:port}, {@code ipc://path}, {@code inproc://name}, {@code
 * ws://host:port/path}. Hosts may be names, IPv4, {@code [IPv6]}, or {@code *} (bind: all
 * interfaces); nanomsg's {@code tcp://iface;host:port} connect form is accepted (the interface is
 * ignored).
 *
 * <p>Immutable and thread-safe.
 *
 * @param scheme tcp, ipc, inproc or ws
 * @param host host part (tcp, ws), or null
 * @param port port (tcp, ws), or -1
 * @param path ipc file path, inproc name, or ws resource path
 */
public record Address(String scheme, String host, int port, String path) {

  /** Parses {@code url}, throwing INVALID_ADDRESS with the reason. */
  public static Address parse(String url) {
    if (url == null) {
      throw invalid(url, "no URL");
    }
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw invalid(url, "expected scheme://address");
    }
    String scheme = url.substring(0, sep);
    String rest = url.substring(sep + 3);
    switch (scheme) {
      case "ipc", "inproc" -> {
        if (rest.isEmpty()) {
          throw invalid(url, "empty path");
        }
        if (scheme.equals("ipc")
            && rest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
          throw invalid(url, "ipc path too long (max 107 bytes)");
        }
        return new Address(scheme, null, -1, rest);
      }
      case "tcp", "ws" -> {
        int semi = rest.indexOf(';');
        if (semi >= 0) {
          rest = rest.substring(semi + 1);
        }
        String path = "/";
        if (scheme.equals("ws")) {
          int slash = rest.indexOf('/');
          if (slash >= 0) {
            path = rest.substring(slash);
            rest = rest.substring(0, slash);
          }
        } else if (rest.indexOf('/') >= 0) {
          throw invalid(url, "tcp addresses have no path");
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
          throw invalid(url, "missing port");
        }
        String host = rest.substring(0, colon);
        String portText = rest.substring(colon + 1);
        if (host.startsWith("[")) {
          if (!host.endsWith("]")) {
            throw invalid(url, "unterminated IPv6 address");
          }
          host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
          throw invalid(url, "IPv6 addresses must be in brackets");
        }
        if (host.isEmpty()) {
          throw invalid(url, "missing host");
        }
        int port;
        try {
          port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
          throw invalid(url, "bad port '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
          throw invalid(url, "port out of range");
        }
        return new Address(scheme, host, port, path);
      }
      default -> throw invalid(url, "unknown transport '" + scheme + "'");
    }
  }

  private static SpException invalid(String url, String why) {
    return new SpException(SpError.INVALID_ADDRESS, "invalid address " + url + ": " + why);
  }

  /** Whether this is a stream transport over a socket channel (tcp, ipc, ws). */
  public boolean isStream() {
    return !scheme.equals("inproc");
  }

  /** The socket address to bind. */
  public SocketAddress bindAddress() {
    if (scheme.equals("ipc")) {
      return UnixDomainSocketAddress.of(Path.of(path));
    }
    if (host.equals("*")) {
      return new InetSocketAddress(port);
    }
    return new InetSocketAddress(resolve(), port);
  }

  /** The socket address to connect to (resolving the host now). */
  public SocketAddress connectAddress() {
    if (scheme.equals("ipc")) {
      return UnixDomainSocketAddress.of(Path.of(path));
    }
    if (host.equals("*")) {
      throw new SpException(SpError.INVALID_ADDRESS, "cannot connect to wildcard host *");
    }
    return new InetSocketAddress(resolve(), port);
  }

  private InetAddress resolve() {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new SpException(SpError.INVALID_ADDRESS, "unknown host " + host, e);
    }
  }

  /** The URL with the given (bound) port. */
  public String url(int boundPort) {
    return switch (scheme) {
      case "ipc", "inproc" -> scheme + "://" + path;
      default -> {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        yield scheme + "://" + h + ":" + boundPort + (scheme.equals("ws") ? path : "");
      }
    };
  }
}
