package io.sluice.cli;

import io.sluice.server.Node;
import io.sluice.server.NodeConfig;
import io.sluice.server.NodeConfigBuilder;
import io.sluice.server.NodeConfigBuilder.Key;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code sluice server}: runs a node in the foreground until SIGTERM or SIGINT, then stops it
 * cleanly. Flags override the YAML file given with {@code --config}; both use the same key names,
 * the keys of {@link NodeConfigBuilder.Key} (which also hold each flag's help text).
 *
 * <p>The flags are parsed here by hand, not by picocli: picocli's classes are too old a class-file
 * format for the JVM's start-up cache, and loading and reflecting over them cost a node ~150 ms of
 * its start. This class is still a picocli command so {@code sluice --help} lists it; {@link
 * SluiceCli#run} sends {@code server} straight to {@link #run}. Not thread-safe (one per start).
 */
@Command(
    name = "server",
    description = "Runs a Sluice node (sluice server --help lists its flags).")
public final class ServerCommand implements Callable<Integer> {
  private static final String[] DESCRIPTION = {
    "Runs a Sluice node with embedded defaults (data in ./sluice-data, listeners on 127.0.0.1).",
    "Logs a line containing 'Sluice node ready' once every listener is up.",
    "Every flag is also a key of the --config YAML file (same name, no dashes); flags win."
  };

  /** Help text lines are wrapped at this many columns. */
  private static final int USAGE_WIDTH = 100;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return run(args, System.out, System.err);
  }

  /**
   * Parses {@code args} (what follows {@code sluice server}), runs the node, returns the status.
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("sluice server: " + e.getMessage());
      err.println("Run 'sluice server --help' to see every flag.");
      return 2;
    }
    if (parsed.help()) {
      out.print(usage());
      return 0;
    }
    if (parsed.version()) {
      out.println(SluiceCli.version());
      return 0;
    }
    NodeConfig cfg;
    try {
      cfg = parsed.config();
    } catch (IllegalArgumentException e) {
      err.println("sluice server: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("sluice server: cannot read the config file: " + e);
      return 2;
    }
    Node node;
    try {
      node = Node.start(cfg);
    } catch (Exception e) {
      err.println("sluice server: could not start: " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "sluice-shutdown"));
    try {
      node.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** One flag of the command line and where it came from. */
  record Flag(Key key, String value) {}

  /** The command line, parsed; {@link #config} reads the YAML file and applies the flags. */
  record Parsed(boolean help, boolean version, Path configFile, List<Flag> flags) {
    NodeConfig config() throws IOException {
      NodeConfigBuilder b = new NodeConfigBuilder();
      if (configFile != null) {
        b.loadYaml(configFile);
      }
      for (Flag f : flags) {
        b.set(f.key().key(), f.value(), "--" + f.key().key());
      }
      return b.build();
    }
  }

  /**
   * Parses {@code --name value} and {@code --name=value} for {@code --config} and every key, plus
   * {@code -h}/{@code --help} and {@code -V}/{@code --version}. Throws IllegalArgumentException,
   * with a message a person can act on, for an unknown flag, a missing value, a flag given twice or
   * a positional argument.
   */
  static Parsed parse(List<String> args) {
    boolean help = false;
    boolean version = false;
    Path configFile = null;
    List<Flag> flags = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> help = true;
        case "-V", "--version" -> version = true;
        default -> {
          if (!arg.startsWith("--") || arg.length() == 2) {
            throw new IllegalArgumentException(
                "unexpected argument '" + arg + "' (every setting is a --flag)");
          }
          int eq = arg.indexOf('=');
          String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
          Key key = Key.of(name);
          if (key == null && !name.equals("config")) {
            throw new IllegalArgumentException("unknown flag '--" + name + "'" + near(name));
          }
          String value;
          if (eq >= 0) {
            value = arg.substring(eq + 1);
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            throw new IllegalArgumentException(
                "--" + name + " needs a value (" + (key == null ? "FILE" : key.label()) + ")");
          }
          if (!seen.add(name)) {
            throw new IllegalArgumentException("--" + name + " is given more than once");
          }
          if (key == null) {
            configFile = Path.of(value);
          } else {
            flags.add(new Flag(key, value));
          }
        }
      }
    }
    return new Parsed(help, version, configFile, List.copyOf(flags));
  }

  /** The text of {@code sluice server --help}: every flag, from the key table. */
  static String usage() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"--config=FILE", "YAML file of keys (data-dir: ..., etcd-port: ...)"});
    for (Key k : Key.values()) {
      rows.add(new String[] {"--" + k.key() + "=" + k.label(), k.description()});
    }
    rows.add(new String[] {"-h, --help", "Show this help message and exit."});
    rows.add(new String[] {"-V, --version", "Print version information and exit."});
    int width = 0;
    for (String[] r : rows) {
      width = Math.max(width, r[0].length());
    }
    StringBuilder sb = new StringBuilder("Usage: sluice server [--config=FILE] [--KEY=VALUE]...\n");
    for (String line : DESCRIPTION) {
      sb.append(line).append('\n');
    }
    for (String[] r : rows) {
      String pad = " ".repeat(6 + width + 2);
      StringBuilder line = new StringBuilder("      ").append(r[0]);
      line.append(" ".repeat(width - r[0].length() + 2));
      for (String word : r[1].split(" ")) {
        if (line.length() > pad.length() && line.length() + 1 + word.length() > USAGE_WIDTH) {
          sb.append(line).append('\n');
          line = new StringBuilder(pad);
        }
        if (line.length() > pad.length()) {
          line.append(' ');
        }
        line.append(word);
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  /** A hint naming the known key closest to an unknown one (a typo), if one is close. */
  private static String near(String name) {
    Key best = null;
    int bestDistance = 4;
    for (Key k : Key.values()) {
      int d = distance(name, k.key());
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean --" + best.key() + "?";
  }

  /** Levenshtein distance: the fewest one-character edits turning {@code a} into {@code b}. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int swap = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(swap, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
