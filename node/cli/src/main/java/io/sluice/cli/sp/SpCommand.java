package io.sluice.cli.sp;

import io.sluice.sp.Protocol;
import io.sluice.sp.SocketOptions;
import io.sluice.sp.SpError;
import io.sluice.sp.SpException;
import io.sluice.sp.SpSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sluice sp}: nanocat's command line over Sluice's SP sockets. Same flags, same loops
 * (send once or every {@code --interval}; REQ/SURVEYOR send then print replies; REP/RESPONDENT
 * answer every request with {@code --data}), same output formats, same exit codes (1 for usage
 * errors, 3 for socket errors), so scripts written for nanocat run unchanged. Unlike nanomsg,
 * messages queued when the command exits are still delivered (1 s linger).
 *
 * <p>One instance per invocation; not thread-safe.
 */
@Command(
    name = "sp",
    description =
        "Send and receive nanomsg/NNG scalability-protocol messages (nanocat-compatible).",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class SpCommand implements Callable<Integer> {
  private static final String[] SOCKET_NAMES = {
    "--push",
    "--pull",
    "--pub",
    "--sub",
    "--req",
    "--rep",
    "--surveyor",
    "--respondent",
    "--bus",
    "--pair"
  };
  private static final String[] READABLE = {
    "--pull", "--sub", "--req", "--rep", "--surveyor", "--respondent", "--bus", "--pair"
  };
  private static final String[] WRITEABLE = {
    "--push", "--pub", "--req", "--rep", "--surveyor", "--respondent", "--bus", "--pair"
  };

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "This help text")
  boolean help;

  @Option(
      names = {"-v", "--verbose"},
      description = "Increase verbosity")
  boolean[] verbose = new boolean[0];

  @Option(
      names = {"-q", "--silent"},
      description = "Decrease verbosity")
  boolean[] silent = new boolean[0];

  @Option(names = "--push", description = "Use NN_PUSH socket type")
  boolean push;

  @Option(names = "--pull", description = "Use NN_PULL socket type")
  boolean pull;

  @Option(names = "--pub", description = "Use NN_PUB socket type")
  boolean pub;

  @Option(names = "--sub", description = "Use NN_SUB socket type")
  boolean sub;

  @Option(names = "--req", description = "Use NN_REQ socket type")
  boolean req;

  @Option(names = "--rep", description = "Use NN_REP socket type")
  boolean rep;

  @Option(names = "--surveyor", description = "Use NN_SURVEYOR socket type")
  boolean surveyor;

  @Option(names = "--respondent", description = "Use NN_RESPONDENT socket type")
  boolean respondent;

  @Option(names = "--bus", description = "Use NN_BUS socket type")
  boolean bus;

  @Option(names = "--pair", description = "Use NN_PAIR socket type")
  boolean pair;

  @Option(names = "--bind", paramLabel = "ADDR", description = "Bind socket to the address ADDR")
  List<String> bind = new ArrayList<>();

  @Option(names = "--connect", paramLabel = "ADDR", description = "Connect socket to ADDR")
  List<String> connect = new ArrayList<>();

  @Option(
      names = {"-X", "--bind-ipc"},
      paramLabel = "PATH",
      description = "Bind socket to the ipc address \"ipc://PATH\".")
  List<String> bindIpc = new ArrayList<>();

  @Option(
      names = {"-x", "--connect-ipc"},
      paramLabel = "PATH",
      description = "Connect socket to the ipc address \"ipc://PATH\".")
  List<String> connectIpc = new ArrayList<>();

  @Option(
      names = {"-L", "--bind-local"},
      paramLabel = "PORT",
      description = "Bind socket to the tcp address \"tcp://127.0.0.1:PORT\".")
  List<String> bindLocal = new ArrayList<>();

  @Option(
      names = {"-l", "--connect-local"},
      paramLabel = "PORT",
      description = "Connect socket to the tcp address \"tcp://127.0.0.1:PORT\".")
  List<String> connectLocal = new ArrayList<>();

  @Option(names = "--recv-timeout", paramLabel = "SEC", description = "Receive timeout")
  Float recvTimeout;

  @Option(names = "--send-timeout", paramLabel = "SEC", description = "Send timeout")
  Float sendTimeout;

  @Option(names = "--socket-name", paramLabel = "NAME", description = "Name of the socket")
  String socketName;

  @Option(
      names = "--subscribe",
      paramLabel = "PREFIX",
      description = "Subscribe to the prefix PREFIX (default: everything)")
  List<String> subscribe = new ArrayList<>();

  @Option(names = "--format", paramLabel = "FORMAT", description = "no, raw, ascii, quoted, ...")
  String format;

  @Option(names = "--raw", description = "Dump message as is (no delimiters)")
  boolean raw;

  @Option(
      names = {"-A", "--ascii"},
      description = "Print ASCII part of message delimited by newline")
  boolean ascii;

  @Option(
      names = {"-Q", "--quoted"},
      description = "Print each message on separate line in double quotes")
  boolean quoted;

  @Option(names = "--msgpack", description = "Print each message as msgpacked string")
  boolean msgpack;

  @Option(names = "--hex", description = "Print each message in double quotes with hex values")
  boolean hex;

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "SEC",
      description = "Send message (or request) every SEC seconds")
  Float interval;

  @Option(
      names = {"-d", "--delay"},
      paramLabel = "SEC",
      description = "Wait for SEC seconds before sending message")
  Float delay;

  @Option(
      names = {"-D", "--data"},
      paramLabel = "DATA",
      description = "Send DATA to the socket")
  String data;

  @Option(
      names = {"-F", "--file"},
      paramLabel = "PATH",
      description = "Same as --data but get data from file PATH")
  Path file;

  private final PrintStream out;
  private final PrintStream err;

  /** A command printing to the process's stdout and stderr. */
  public SpCommand() {
    this(System.out, System.err);
  }

  /** A command printing to the given streams (tests). */
  public SpCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Protocol protocol = validate();
    if (protocol == null) {
      return 1;
    }
    byte[] payload;
    try {
      payload = file != null ? Files.readAllBytes(file) : data != null ? bytes(data) : null;
    } catch (IOException e) {
      err.println("sluice sp: Cannot read file " + file + ": " + e.getMessage());
      return 1;
    }
    EchoFormat echo = echoFormat();
    if (echo == null) {
      return 1;
    }
    SocketOptions o = SocketOptions.defaults();
    if (sendTimeout != null && sendTimeout >= 0) {
      o = o.withSendTimeoutMillis((long) (sendTimeout * 1000));
    }
    if (recvTimeout != null && recvTimeout >= 0) {
      o = o.withRecvTimeoutMillis((long) (recvTimeout * 1000));
    }
    try (SpSocket s = SpSocket.open(protocol, o)) {
      if (protocol == Protocol.SUB) {
        if (subscribe.isEmpty()) {
          s.subscribe(new byte[0]);
        }
        for (String prefix : subscribe) {
          s.subscribe(bytes(prefix));
        }
      }
      Integer failed = connectAll(s);
      if (failed != null) {
        return failed;
      }
      sleepMillis(delay == null ? 0 : (long) (delay * 1000));
      return new CatLoops(s, payload, interval, o.recvTimeoutMillis(), echo, out, err)
          .run(protocol);
    } catch (SpException e) {
      err.println("sluice sp: " + e.getMessage());
      return 3;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(Charset.forName(System.getProperty("native.encoding", "UTF-8")));
  }

  static void sleepMillis(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Integer connectAll(SpSocket s) {
    List<String> binds = new ArrayList<>(bind);
    bindIpc.forEach(p -> binds.add("ipc://" + p));
    bindLocal.forEach(p -> binds.add("tcp://127.0.0.1:" + p));
    List<String> connects = new ArrayList<>(connect);
    connectIpc.forEach(p -> connects.add("ipc://" + p));
    connectLocal.forEach(p -> connects.add("tcp://127.0.0.1:" + p));
    for (String url : binds) {
      try {
        s.bind(url);
      } catch (SpException e) {
        err.println("Can't bind: " + strerror(e));
        return 3;
      }
    }
    for (String url : connects) {
      try {
        s.connect(url);
      } catch (SpException e) {
        err.println("Can't connect: " + strerror(e));
        return 3;
      }
    }
    return null;
  }

  /** nanomsg's strerror text for an error. */
  static String strerror(SpException e) {
    return switch (e.error()) {
      case ADDRESS_IN_USE -> "Address already in use";
      case INVALID_ADDRESS ->
          e.getMessage().contains("unknown transport")
              ? "Protocol not supported"
              : "Invalid argument";
      case TIMED_OUT -> "Connection timed out";
      case WOULD_BLOCK -> "Resource temporarily unavailable";
      case BAD_STATE -> "Operation cannot be performed in this state";
      case NOT_SUPPORTED -> "Operation not supported";
      case CLOSED -> "Bad file descriptor";
      case INTERRUPTED -> "Interrupted system call";
      case INVALID_OPTION -> "Invalid argument";
      case IO -> e.getMessage();
    };
  }

  /** nanocat's option rules; prints its messages and returns null on a usage error. */
  private Protocol validate() {
    List<String> types = new ArrayList<>();
    boolean[] flags = {push, pull, pub, sub, req, rep, surveyor, respondent, bus, pair};
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        types.add(SOCKET_NAMES[i]);
      }
    }
    if (types.size() > 1) {
      err.println("sluice sp: Option " + types.get(1) + " conflicts with the following options:");
      err.println("    " + types.get(0) + " ");
      return null;
    }
    if (types.isEmpty()) {
      requiredOneOf(SOCKET_NAMES);
      return null;
    }
    String type = types.get(0);
    boolean readable = List.of(READABLE).contains(type);
    boolean writeable = List.of(WRITEABLE).contains(type);
    if (!readable) {
      for (Object[] o :
          new Object[][] {
            {raw, "--raw"}, {ascii, "-A (--ascii)"}, {quoted, "-Q (--quoted)"},
            {msgpack, "--msgpack"}, {hex, "--hex"}, {format != null, "--format"},
            {recvTimeout != null, "--recv-timeout"}
          }) {
        if ((Boolean) o[0]) {
          requires((String) o[1], READABLE);
          return null;
        }
      }
    }
    if (!writeable) {
      for (Object[] o :
          new Object[][] {
            {data != null, "-D (--data)"}, {file != null, "-F (--file)"},
            {interval != null, "-i (--interval)"}, {sendTimeout != null, "--send-timeout"}
          }) {
        if ((Boolean) o[0]) {
          requires((String) o[1], WRITEABLE);
          return null;
        }
      }
    }
    if (!subscribe.isEmpty() && !sub) {
      requires("--subscribe", new String[] {"--sub"});
      return null;
    }
    if (data != null && file != null) {
      err.println("sluice sp: Option -F (--file) conflicts with the following options:");
      err.println("    -D (--data) ");
      return null;
    }
    if ((push || pub || req || surveyor) && data == null && file == null) {
      requires(type, new String[] {"--data", "-D", "--file", "-F"});
      return null;
    }
    if (bind.isEmpty()
        && connect.isEmpty()
        && bindIpc.isEmpty()
        && connectIpc.isEmpty()
        && bindLocal.isEmpty()
        && connectLocal.isEmpty()) {
      requiredOneOf(
          new String[] {
            "--bind",
            "--connect",
            "--bind-ipc",
            "-X",
            "--connect-ipc",
            "-x",
            "--bind-local",
            "-L",
            "--connect-local",
            "-l"
          });
      return null;
    }
    return Protocol.valueOf(type.substring(2).toUpperCase(java.util.Locale.ROOT));
  }

  private void requires(String option, String[] oneOf) {
    err.println("sluice sp: Option " + option + " requires at least one of the following options:");
    for (String o : oneOf) {
      err.println("    " + o);
    }
  }

  private void requiredOneOf(String[] names) {
    err.println("sluice sp: At least one of the following required:");
    for (String o : names) {
      err.println("    " + o);
    }
  }

  private EchoFormat echoFormat() {
    if (format != null) {
      try {
        return EchoFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        err.println("sluice sp: Invalid value ``" + format + "'' for option --format");
        return null;
      }
    }
    if (raw) {
      return EchoFormat.RAW;
    }
    if (ascii) {
      return EchoFormat.ASCII;
    }
    if (quoted) {
      return EchoFormat.QUOTED;
    }
    if (msgpack) {
      return EchoFormat.MSGPACK;
    }
    if (hex) {
      return EchoFormat.HEX;
    }
    return EchoFormat.NO;
  }

  /** The error for a failed send in nanocat's words. */
  static String sendError(SpException e) {
    return e.error() == SpError.WOULD_BLOCK
        ? "Message not sent (EAGAIN)"
        : "Can't send: " + strerror(e);
  }
}
