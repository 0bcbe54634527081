package io.sluice.cli.stream;

import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code ./sluice stream} command shares: {@code --controller host:port}, a connected
 * client, and errors as one line on stderr (exit 1; 2 for bad arguments). Not thread-safe.
 */
abstract class StreamSubcommand implements Callable<Integer> {
  @Option(
      names = "--controller",
      defaultValue = "127.0.0.1:9090",
      description = "the node's controller address (default: ${DEFAULT-VALUE})")
  String controller;

  @Spec CommandSpec spec;

  abstract int run(StreamClient client, PrintWriter out) throws Exception;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int colon = controller.lastIndexOf(':');
    if (colon <= 0) {
      spec.commandLine().getErr().println("error: --controller must be host:port");
      return 2;
    }
    try (StreamClient client =
        new StreamClient(
            controller.substring(0, colon), Integer.parseInt(controller.substring(colon + 1)))) {
      int status = run(client, out);
      out.flush();
      return status;
    } catch (IllegalArgumentException e) {
      out.flush();
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    } catch (StatusRuntimeException | IOException e) {
      out.flush();
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }

  /** Prints a failure status and returns the exit code for it. */
  int failed(String what) {
    spec.commandLine().getErr().println("error: " + what);
    return 1;
  }
}
