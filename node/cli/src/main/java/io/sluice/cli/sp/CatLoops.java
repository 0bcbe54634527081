package io.sluice.cli.sp;

import io.sluice.sp.Message;
import io.sluice.sp.Protocol;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import io.sluice.sp.SpSocket;
import java.io.IOException;
import java.io.PrintStream;

/**
 * nanocat's main loops over one socket: send (PUB, PUSH), receive (SUB, PULL, and BUS/PAIR/REP/
 * RESPONDENT without data), send-then-receive (REQ, SURVEYOR, BUS/PAIR with data), and respond
 * (REP/RESPONDENT with data). A receive loop ends quietly on a timeout or a bad state (REQ after
 * its reply, SURVEYOR after its deadline), as nanocat's does.
 *
 * <p>Not thread-safe: one per invocation.
 */
final class CatLoops {
  private final SpSocket socket;
  private final byte[] payload;
  private final long intervalMillis;
  private final long recvTimeoutMillis;
  private final EchoFormat echo;
  private final PrintStream out;
  private final PrintStream err;

  CatLoops(
      SpSocket socket,
      byte[] payload,
      Float interval,
      long recvTimeoutMillis,
      EchoFormat echo,
      PrintStream out,
      PrintStream err) {
    this.socket = socket;
    this.payload = payload;
    this.intervalMillis = interval == null ? -1 : (long) (interval * 1000);
    this.recvTimeoutMillis = recvTimeoutMillis;
    this.echo = echo;
    this.out = out;
    this.err = err;
  }

  /** Runs the loop nanocat runs for {@code protocol}; returns the exit status. */
  int run(Protocol protocol) {
    try {
      switch (protocol) {
        case PUB, PUSH -> sendLoop();
        case SUB, PULL -> recvLoop();
        case BUS, PAIR -> {
          if (payload != null) {
            rwLoop();
          } else {
            recvLoop();
          }
        }
        case SURVEYOR, REQ -> rwLoop();
        case REP, RESPONDENT -> {
          if (payload != null) {
            respLoop();
          } else {
            recvLoop();
          }
        }
        default -> throw new IllegalStateException("no nanocat loop for " + protocol);
      }
      return 0;
    } catch (Failure f) {
      err.println(f.getMessage());
      return 3;
    } catch (IOException e) {
      return 3;
    }
  }

  /** A nanocat "Can't ..." error ending the command with status 3. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private void send() throws Failure {
    try {
      socket.send(new Message(payload));
    } catch (SpException e) {
      if (e.error() == SpError.TIMED_OUT || e.error() == SpError.WOULD_BLOCK) {
        err.println("Message not sent (EAGAIN)");
        return;
      }
      throw new Failure(SpCommand.sendError(e));
    }
  }

  private void sendLoop() throws Failure {
    while (true) {
      long start = System.nanoTime();
      send();
      if (intervalMillis < 0) {
        return;
      }
      SpCommand.sleepMillis(intervalMillis - elapsedMillis(start));
    }
  }

  private static long elapsedMillis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void recvLoop() throws Failure, IOException {
    while (true) {
      Message m;
      try {
        m = socket.recv(recvTimeoutMillis);
      } catch (SpException e) {
        if (e.error() == SpError.TIMED_OUT || e.error() == SpError.BAD_STATE) {
          return;
        }
        throw new Failure("Can't recv: " + SpCommand.strerror(e));
      }
      echo.print(m.body(), out);
    }
  }

  private void rwLoop() throws Failure, IOException {
    while (true) {
      long start = System.nanoTime();
      send();
      if (intervalMillis < 0) {
        recvLoop();
        return;
      }
      while (true) {
        long left = intervalMillis - elapsedMillis(start);
        if (left <= 0) {
          break;
        }
        if (recvTimeoutMillis >= 0 && left > recvTimeoutMillis) {
          left = recvTimeoutMillis;
        }
        Message m;
        try {
          m = socket.recv(left);
        } catch (SpException e) {
          if (e.error() == SpError.TIMED_OUT || e.error() == SpError.BAD_STATE) {
            SpCommand.sleepMillis(intervalMillis - elapsedMillis(start));
            continue;
          }
          throw new Failure("Can't recv: " + SpCommand.strerror(e));
        }
        echo.print(m.body(), out);
      }
    }
  }

  private void respLoop() throws Failure, IOException {
    while (true) {
      Message m;
      try {
        m = socket.recv(recvTimeoutMillis);
      } catch (SpException e) {
        throw new Failure("Can't recv: " + SpCommand.strerror(e));
      }
      echo.print(m.body(), out);
      send();
    }
  }
}
