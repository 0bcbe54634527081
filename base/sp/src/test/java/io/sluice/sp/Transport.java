package io.sluice.sp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The transports every socket test runs on, each with a fresh bindable URL. */
enum Transport {
  TCP,
  IPC,
  INPROC,
  WS;

  private static final AtomicInteger SEQ = new AtomicInteger();
  private static Path ipcDir;

  /** A URL to bind (port 0 = free port); connect to the URL the endpoint reports. */
  String bindUrl() {
    return switch (this) {
      case TCP -> "tcp://127.0.0.1:0";
      case IPC -> "ipc://" + ipcDir().resolve("s" + SEQ.incrementAndGet() + ".ipc");
      case INPROC -> "inproc://test-" + SEQ.incrementAndGet();
      case WS -> "ws://127.0.0.1:0/sp";
    };
  }

  private static synchronized Path ipcDir() {
    if (ipcDir == null) {
      try {
        ipcDir = Files.createTempDirectory("sluice-sp");
        ipcDir.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ipcDir;
  }
}
