package io.sluice.cli.session;

import io.grpc.Context;
import io.sluice.sessions.client.Session;
import io.sluice.sessions.client.SessionsClient;
import io.sluice.sessions.v1.Delivery;
import io.sluice.sessions.v1.HandleRequest;
import io.sluice.sessions.v1.SessionsGrpc;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sluice session handle}: subscribes as a handler of one kind, prints each delivered
 * session as one JSON line {@code {"id":..,"kind":..,"attempt":..,"records":[base64,..]}}, then
 * deletes it or stores it again; stops after {@code --count} sessions (or runs until killed). One
 * session at a time. Not thread-safe.
 */
@Command(
    name = "handle",
    description =
        "Handles sessions of a kind: prints each as a JSON line, then deletes or re-stores it.")
final class HandleCommand extends SessionSubcommand {
  /** What to do with a session once printed. */
  enum Then {
    DELETE,
    STORE
  }

  @Option(names = "--kind", required = true, description = "the kind to handle")
  long kind;

  @Option(names = "--count", description = "stop after this many sessions (default: never)")
  Long count;

  @Option(
      names = "--then",
      defaultValue = "delete",
      description =
          "delete (finish) or store (redeliver later) each session: ${COMPLETION-CANDIDATES}")
  Then then;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description = "with --then store: delay before redelivery (default: the kind's)")
  Duration timeout;

  @Option(
      names = "--lease",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description = "lease per session (default: the kind's timeout)")
  Duration lease;

  @Override
  int run(SessionsClient client, PrintWriter out) {
    if (count != null && count <= 0) {
      return 0;
    }
    HandleRequest request =
        HandleRequest.newBuilder()
            .setKind((int) kind)
            .setLeaseMillis(lease.toMillis())
            .setMaxInFlight(1)
            .setMaxDeliveries(count == null ? 0 : (int) Math.min(count, Integer.MAX_VALUE))
            .build();
    Context.CancellableContext context = Context.current().withCancellation();
    try {
      return context.call(
          () -> {
            long handled = 0;
            Iterator<Delivery> it = SessionsGrpc.newBlockingStub(client.channel()).handle(request);
            while (it.hasNext()) {
              Delivery d = it.next();
              out.println(
                  Json.session(
                      d.getId(),
                      d.getKind(),
                      d.getAttempt(),
                      d.getRecordsList().stream().map(b -> b.toByteArray()).toList()));
              out.flush();
              Session s = client.session(d.getId(), d.getAttempt());
              if (then == Then.DELETE) {
                s.delete();
              } else if (timeout == null) {
                s.store();
              } else {
                s.store(timeout);
              }
              handled++;
              if (count != null && handled >= count) {
                break;
              }
            }
            return 0;
          });
    } catch (io.grpc.StatusRuntimeException e) {
      throw io.sluice.sessions.client.SessionsException.from(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }
}
