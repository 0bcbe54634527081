package io.sluice.cli.session;

import io.sluice.sessions.client.SessionsClient;
import io.sluice.sessions.client.SessionsException;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code ./sluice session} command shares: {@code --server}, a connected client, and
 * errors printed as one line on stderr with exit status 1 (retriable ones: 75, EX_TEMPFAIL). Not
 * thread-safe.
 */
abstract class SessionSubcommand implements Callable<Integer> {
  @Mixin SessionOptions connection;

  @Spec CommandSpec spec;

  /** Runs the command with a connected client; returns the exit status. */
  abstract int run(SessionsClient client, PrintWriter out) throws Exception;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (SessionsClient client = connection.connect()) {
      int status = run(client, out);
      out.flush();
      return status;
    } catch (SessionsException e) {
      out.flush();
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return e.retriable() ? 75 : 1;
    } catch (IllegalArgumentException e) {
      out.flush();
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
  }

  static byte[] data(String text, boolean base64) {
    return base64
        ? Base64.getDecoder().decode(text)
        : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
