package io.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command of the {@code ./sluice} launcher. Each face adds its subcommand to the list
 * below. Stateless.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCli.Version.class,
    description = "Sluice: streams, KV, sessions and messaging in one light, durable node.",
    subcommands = {
      ServerCommand.class,
      io.sluice.cli.stream.StreamCommand.class,
      io.sluice.cli.session.SessionCommand.class,
      io.sluice.cli.sp.SpCommand.class,
      ExerciseCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class SluiceCli {
  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns its exit status (for tests). {@code server} builds only its
   * own command: picocli reflects over every subcommand of a tree it is given, which a node's
   * start-up need not pay for.
   */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("server")) {
      return new CommandLine(new ServerCommand())
          .setCommandName("sluice server")
          .setCaseInsensitiveEnumValuesAllowed(true)
          .execute(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    return new CommandLine(new SluiceCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SluiceCli.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (v == null ? "(development build)" : v)};
    }
  }
}
