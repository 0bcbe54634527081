package io.sluice.cli.session;

import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionView;
import io.sluice.sessions.client.SessionsClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sluice session ...}: scripts and people working with a node's sessions face. Each
 * subcommand is one call (or, for {@code handle}, one subscription). Stateless.
 */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = "Work with sessions on a node: open, append, replace, delete, store, handle.",
    subcommands = {
      SessionCommand.Open.class,
      SessionCommand.Append.class,
      SessionCommand.Replace.class,
      SessionCommand.Delete.class,
      SessionCommand.Store.class,
      SessionCommand.Get.class,
      KindCommand.class,
      KindCommand.List.class,
      HandleCommand.class,
    })
public final class SessionCommand {
  /** Options naming a session and the caller's lease. */
  static final class Target {
    @Parameters(index = "0", paramLabel = "ID", description = "the session id")
    long id;

    @Option(
        names = "--attempt",
        defaultValue = "0",
        description = "the delivery attempt this caller handles (its lease token); 0 = creator")
    int attempt;

    Session session(SessionsClient client) {
      return client.session(id, attempt);
    }
  }

  @Command(name = "open", description = "Opens a session of a kind and prints its id.")
  static final class Open extends SessionSubcommand {
    @Option(names = "--kind", required = true, description = "the session's kind")
    long kind;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      out.println(client.open((int) kind).id());
      return 0;
    }
  }

  @Command(name = "append", description = "Appends records (all or nothing); prints the count.")
  static final class Append extends SessionSubcommand {
    @picocli.CommandLine.Mixin Target target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "DATA", description = "records")
    java.util.List<String> data;

    @Option(names = "--base64", description = "DATA is base64 (default: UTF-8 text)")
    boolean base64;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      byte[][] records = data.stream().map(d -> data(d, base64)).toArray(byte[][]::new);
      out.println(target.session(client).append(records));
      return 0;
    }
  }

  @Command(name = "replace", description = "Replaces all records of a session with one.")
  static final class Replace extends SessionSubcommand {
    @picocli.CommandLine.Mixin Target target;

    @Parameters(index = "1", paramLabel = "DATA", description = "the record")
    String data;

    @Option(names = "--base64", description = "DATA is base64 (default: UTF-8 text)")
    boolean base64;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      target.session(client).replace(data(data, base64));
      return 0;
    }
  }

  @Command(name = "delete", description = "Deletes (finishes) a session.")
  static final class Delete extends SessionSubcommand {
    @picocli.CommandLine.Mixin Target target;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      target.session(client).delete();
      return 0;
    }
  }

  @Command(
      name = "store",
      description = "Stores a session for redelivery after a timeout; prints when it is due.")
  static final class Store extends SessionSubcommand {
    @picocli.CommandLine.Mixin Target target;

    @Option(
        names = "--timeout",
        converter = DurationConverter.class,
        description = "delay before redelivery, e.g. 5s (default: the kind's)")
    Duration timeout;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      Session s = target.session(client);
      Instant due = timeout == null ? s.store() : s.store(timeout);
      out.println(due);
      return 0;
    }
  }

  @Command(name = "get", description = "Prints a live session as one JSON line.")
  static final class Get extends SessionSubcommand {
    @Parameters(index = "0", paramLabel = "ID", description = "the session id")
    long id;

    @Override
    int run(SessionsClient client, PrintWriter out) {
      SessionView v = client.get(id, true);
      out.println(
          Json.session(
              v.id(),
              v.kind(),
              v.attempt(),
              v.records(),
              "state",
              Json.string(v.state()),
              "dueAtMillis",
              Long.toString(v.dueAtMillis()),
              "originalKind",
              Integer.toUnsignedString(v.originalKind())));
      return 0;
    }
  }
}
