package io.sluice.cli.session;

import io.sluice.sessions.client.KindSpec;
import io.sluice.sessions.client.SessionsClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sluice session kind}: defines a kind and its redelivery policy. Not thread-safe. */
@Command(name = "kind", description = "Defines (or redefines) a kind and its redelivery policy.")
final class KindCommand extends SessionSubcommand {
  @Option(names = "--kind", required = true, description = "the kind number")
  long kind;

  @Option(
      names = "--timeout",
      required = true,
      converter = DurationConverter.class,
      description = "default delay before redelivery (store without --timeout, crash recovery)")
  Duration timeout;

  @Option(
      names = "--max-attempts",
      defaultValue = "0",
      description = "deliveries before a session moves to the dead-letter kind (0: unlimited)")
  int maxAttempts;

  @Option(names = "--dead-letter", defaultValue = "0", description = "the dead-letter kind")
  long deadLetter;

  @Option(
      names = "--jitter",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "most random delay added to due times (default: none)")
  Duration jitter;

  @Override
  int run(SessionsClient client, PrintWriter out) {
    client.defineKind(new KindSpec((int) kind, timeout, maxAttempts, (int) deadLetter, jitter));
    return 0;
  }

  /** {@code ./sluice session kinds}: lists the defined kinds, one JSON line each. */
  @Command(name = "kinds", description = "Lists the defined kinds, one JSON line each.")
  static final class List extends SessionSubcommand {
    @Override
    int run(SessionsClient client, PrintWriter out) {
      for (KindSpec k : client.kinds()) {
        out.printf(
            "{\"kind\":%s,\"timeoutMillis\":%d,\"maxAttempts\":%d,\"deadLetterKind\":%s,"
                + "\"maxJitterMillis\":%d}%n",
            Integer.toUnsignedString(k.kind()),
            k.defaultTimeout().toMillis(),
            k.maxAttempts(),
            Integer.toUnsignedString(k.deadLetterKind()),
            k.maxJitter().toMillis());
      }
      return 0;
    }
  }
}
