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
   * Runs the command line and returns its exit status (for tests). {@code server} (and {@code help
   * server}) never touch picocli: {@link ServerCommand} parses its flags itself, so a node's start
   * loads none of picocli's classes (see there).
   */
  public static int run(String... args) {
    if (args.length > 0 && args[0].equals("server")) {
      return ServerCommand.run(
          java.util.Arrays.asList(args).subList(1, args.length), System.out, System.err);
    }
    if (args.length == 2 && args[0].equals("help") && args[1].equals("server")) {
      return ServerCommand.run(java.util.List.of("--help"), System.out, System.err);
    }
    return new CommandLine(new SluiceCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /** {@code sluice <version>} from the jar manifest. */
  static String version() {
    String v = SluiceCli.class.getPackage().getImplementationVersion();
    return "sluice " + (v == null ? "(development build)" : v);
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
