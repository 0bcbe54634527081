package io.sluice.cli.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.SluiceCli;
import io.sluice.sessions.SessionsFace;
import io.sluice.sessions.SessionsOptions;
import io.sluice.storage.Clock;
import io.sluice.storage.StorageConfig;
import io.sluice.storage.StorageEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SessionCommandTest {
  @TempDir Path dir;
  StorageEngine storage;
  SessionsFace face;
  String server;

  record Result(int status, String out, String err) {}

  @BeforeEach
  void start() {
    storage =
        StorageEngine.open(
            StorageConfig.builder(dir).walFileSize(8 << 20).maxAppendBytes(2 << 20).build());
    face =
        SessionsFace.start(
            storage,
            new InetSocketAddress("127.0.0.1", 0),
            Clock.SYSTEM,
            SessionsOptions.builder().maxSessionBytes(1 << 20).maxRecordBytes(256 << 10).build());
    server = "127.0.0.1:" + face.port();
  }

  @AfterEach
  void stop() {
    face.close();
    storage.close();
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new SluiceCli()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server;
    int status = cl.execute(all);
    return new Result(status, out.toString().trim(), err.toString().trim());
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void openAppendStoreHandleDelete() {
    assertThat(run("session", "kind", "--kind", "5", "--timeout", "30s").status()).isZero();
    Result open = run("session", "open", "--kind", "5");
    assertThat(open.status()).isZero();
    long id = Long.parseLong(open.out());
    assertThat(run("session", "append", Long.toString(id), "hello", "world").out()).isEqualTo("2");
    assertThat(run("session", "replace", Long.toString(id), "only").status()).isZero();
    assertThat(run("session", "append", Long.toString(id), "--base64", b64("more")).out())
        .isEqualTo("2");
    assertThat(run("session", "store", Long.toString(id), "--timeout", "0s").status()).isZero();
    Result handled =
        run(
            "session",
            "handle",
            "--kind",
            "5",
            "--count",
            "1",
            "--then",
            "store",
            "--timeout",
            "0s");
    assertThat(handled.status()).isZero();
    assertThat(handled.out())
        .isEqualTo(
            "{\"id\":"
                + id
                + ",\"kind\":5,\"attempt\":1,\"records\":[\""
                + b64("only")
                + "\",\""
                + b64("more")
                + "\"]}");
    Result again = run("session", "handle", "--kind", "5", "--count", "1");
    assertThat(again.out()).contains("\"attempt\":2");
    Result gone = run("session", "delete", Long.toString(id));
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).contains("SESSION_FINISHED").contains("FAILED_PRECONDITION");
  }

  @Test
  void errorsAreOneLineOnStderr() {
    Result unknownKind = run("session", "open", "--kind", "77");
    assertThat(unknownKind.status()).isEqualTo(1);
    assertThat(unknownKind.err()).startsWith("error: UNKNOWN_KIND (NOT_FOUND)");
    Result unknownId = run("session", "append", "999999999", "x");
    assertThat(unknownId.err()).startsWith("error: UNKNOWN_SESSION (NOT_FOUND)");
    Result badDuration = run("session", "store", "1", "--timeout", "soon");
    assertThat(badDuration.status()).isEqualTo(2);
    assertThat(badDuration.err()).contains("not a duration");
  }

  @Test
  void durations() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("500ms").toMillis()).isEqualTo(500);
    assertThat(c.convert("5s").toMillis()).isEqualTo(5000);
    assertThat(c.convert("2m").toSeconds()).isEqualTo(120);
    assertThat(c.convert("1h").toMinutes()).isEqualTo(60);
    assertThat(c.convert("7").toSeconds()).isEqualTo(7);
    assertThat(c.convert("PT3S").toSeconds()).isEqualTo(3);
  }
}
