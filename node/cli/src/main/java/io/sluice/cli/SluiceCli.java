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

  /** Runs the command line and returns its exit status (for tests). */
  public static int run(String... args) {
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
