package io.sluice.sp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the real peers (nanocat, nngcat, gcc with the nanomsg and NNG headers) and builds the spcat
 * helper against both libraries. A missing peer fails the test with the Debian package that
 * provides it: these tests never skip.
 */
final class Peers {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static Path work;
  private static Path spcatNanomsg;
  private static Path spcatNng;

  private Peers() {}

  static String require(String binary, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, binary);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        binary
            + " is missing: install the Debian package "
            + debianPackage
            + " (apt-get install "
            + debianPackage
            + ")");
  }

  static String nanocat() {
    return require("nanocat", "nanomsg-utils");
  }

  static String nngcat() {
    return require("nngcat", "nng-utils");
  }

  static synchronized Path work() {
    if (work == null) {
      try {
        work = Files.createTempDirectory("sluice-sp-interop");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return work;
  }

  /** spcat built against libnanomsg ({@code nng=false}) or libnng's compat API. */
  static synchronized Path spcat(boolean nng) {
    if (spcatNanomsg == null) {
      String gcc = require("gcc", "gcc");
      assertThat(Files.exists(Path.of("/usr/include/nanomsg/nn.h")))
          .as("nanomsg headers: install the Debian package libnanomsg-dev")
          .isTrue();
      assertThat(Files.exists(Path.of("/usr/include/nng/compat/nanomsg/nn.h")))
          .as("NNG headers: install the Debian package libnng-dev")
          .isTrue();
      Path src = work().resolve("spcat.c");
      try (InputStream in = Peers.class.getResourceAsStream("/interop/spcat.c")) {
        Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spcatNanomsg = work().resolve("spcat-nanomsg");
      spcatNng = work().resolve("spcat-nng");
      compile(
          gcc,
          List.of("-DUSE_NANOMSG", "-o", spcatNanomsg.toString(), src.toString(), "-lnanomsg"));
      compile(gcc, List.of("-o", spcatNng.toString(), src.toString(), "-lnng"));
    }
    return nng ? spcatNng : spcatNanomsg;
  }

  private static void compile(String gcc, List<String> args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(gcc, "-O2"));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("gcc " + args + ": " + log).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A currently free loopback port (for peers that must bind first). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh URL of {@code transport} (tcp, ipc, ws) on a free port / new path. */
  static String url(String transport) {
    return switch (transport) {
      case "tcp" -> "tcp://127.0.0.1:" + freePort();
      case "ipc" -> "ipc://" + work().resolve("p" + SEQ.incrementAndGet() + ".ipc");
      case "ws" -> "ws://127.0.0.1:" + freePort();
      default -> throw new IllegalArgumentException(transport);
    };
  }
}
