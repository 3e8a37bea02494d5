package org.minitransport.demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.minitransport.demo.apps.ChatClientCommand;
import org.minitransport.demo.apps.ChatServerCommand;
import org.minitransport.demo.apps.ConnectCommand;
import org.minitransport.demo.apps.EchoClientCommand;
import org.minitransport.demo.apps.EchoServerCommand;
import org.minitransport.demo.apps.HttpGetCommand;
import org.minitransport.demo.apps.HttpServerCommand;
import org.minitransport.demo.apps.ListenCommand;
import org.minitransport.demo.apps.NetstatCommand;
import org.minitransport.demo.apps.PerfCommand;
import org.minitransport.demo.apps.ReceiveFileCommand;
import org.minitransport.demo.apps.SendFileCommand;
import org.minitransport.demo.apps.TimeQueryCommand;
import org.minitransport.demo.apps.TimeServerCommand;
import org.minitransport.demo.cli.Interruptions;
import org.minitransport.demo.grade.GradeCommand;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.demo.cli.UsesStandardStreams;
import org.minitransport.demo.cli.WriterOutputStream;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.scenario.ScenarioCommand;
import org.minitransport.demo.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code minitransport} command line. Exit codes: 0 success, 1 the run failed (for example a
 * session was not verified, a peer refused or vanished), 2 bad usage (an unknown option or an
 * invalid value: one line naming it, and a pointer to {@code --help}), 130 stopped by Ctrl-C.
 *
 * <p>Every failure is one line on standard error; {@code --verbose} adds the stack trace.
 */
@Command(name = "minitransport", mixinStandardHelpOptions = true, version = "minitransport 0.1.0",
    description = "A user-space transport layer you can watch: tcp-lite and udp-lite over a "
        + "simulated or real UDP network.",
    footerHeading = "%n",
    footer = {
        "Run 'minitransport COMMAND --help' for a command's options and examples.",
        "Exit codes: 0 success, 1 the run failed, 2 bad usage, 130 stopped by Ctrl-C."},
    subcommands = {SimulateCommand.class, EchoServerCommand.class, EchoClientCommand.class,
        ChatServerCommand.class, ChatClientCommand.class, ReceiveFileCommand.class,
        SendFileCommand.class, HttpServerCommand.class, HttpGetCommand.class,
        TimeServerCommand.class, TimeQueryCommand.class, NetstatCommand.class,
        PerfCommand.class, ConnectCommand.class, ListenCommand.class,
        ScenarioCommand.class, GradeCommand.class})
public final class Minitransport {

  /** Exit code: the run failed. */
  public static final int FAILED = 1;
  /** Exit code: bad usage. */
  public static final int USAGE = 2;
  /** Exit code: stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  public static final int STOPPED = 130;

  /** How long a stopped process gives its command to close connections and files. */
  private static final long STOP_WAIT_MS = DemoNetwork.LINGER.toMillis() + 8_000;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors.")
  boolean verbose;

  /**
   * Runs the command line and exits with its code. Ctrl-C (SIGINT) or SIGTERM interrupts the
   * command's thread, as {@code Thread.interrupt} does in tests, and the JVM's exit waits (at most
   * {@link #STOP_WAIT_MS}) for the command to finish in order: connections closed as a kernel
   * closes them (peers hear a FIN or a RST at once), partial files removed, captures finished.
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    Thread command = Thread.currentThread();
    CountDownLatch finished = new CountDownLatch(1);
    Thread stop = new Thread(() -> {
      command.interrupt();
      try {
        finished.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        // the JVM is going down regardless
      }
      out.flush();
      err.flush();
    }, "minitransport-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    int code;
    try {
      code = run(args, System.in, System.out, out, err);
    } finally {
      out.flush();
      err.flush();
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stop);
    } catch (IllegalStateException shuttingDown) {
      return; // stopped by a signal: the JVM exits with 128 + its number once the hook is done
    }
    System.exit(code);
  }

  /**
   * Runs the command line with the given streams and no standard input; returns the exit code
   * (for tests). Raw bytes for standard output ({@code connect}, {@code listen}) reach {@code
   * out} as UTF-8 text.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, InputStream.nullInputStream(), new WriterOutputStream(out), out, err);
  }

  /**
   * Runs the command line; returns the exit code.
   *
   * @param in standard input
   * @param rawOut the byte stream under {@code out}, for commands that pass bytes through
   * @param out standard output as text
   * @param err standard error
   */
  public static int run(String[] args, InputStream in, OutputStream rawOut, PrintWriter out,
      PrintWriter err) {
    Minitransport top = new Minitransport();
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli = new CommandLine(top, new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof UsesStandardStreams command) {
          command.useStandardStreams(in, rawOut);
        }
        return made;
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine failed = e.getCommandLine();
      PrintWriter to = failed.getErr();
      to.println("minitransport: " + e.getMessage());
      UnmatchedArgumentException.printSuggestions(e, to);
      to.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more "
          + "information.");
      to.flush();
      return USAGE;
    });
    cli.setExecutionStrategy(parseResult -> {
      useStandardErrorIfStandardOutputCarriesTheCapture(parseResult, err);
      return new CommandLine.RunLast().execute(parseResult);
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (Interruptions.isStop(e)) {
        return STOPPED;
      }
      if (isVerbose(parseResult)) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("minitransport: " + describe(e));
      }
      commandLine.getErr().flush();
      return FAILED;
    });
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      err.println(outOfMemory());
      err.flush();
      return FAILED;
    }
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** With {@code --pcap -} standard output carries the capture: messages go to standard error. */
  private static void useStandardErrorIfStandardOutputCarriesTheCapture(ParseResult parseResult,
      PrintWriter err) {
    ParseResult leaf = parseResult;
    while (leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    if (leaf.hasMatchedOption("--pcap")
        && "-".equals(String.valueOf((Object) leaf.matchedOptionValue("--pcap", null)))) {
      leaf.commandSpec().commandLine().setOut(err);
    }
  }

  /** One line for a failure: its message, or for a bug its type and a hint. */
  static String describe(Exception e) {
    if (e instanceof java.io.UncheckedIOException unchecked) {
      return describe(unchecked.getCause());
    }
    String message = e.getMessage();
    if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)
        && !(e instanceof IllegalStateException) || message == null || message.isBlank()) {
      return "internal error: " + e + " (--verbose prints where)";
    }
    return message;
  }

  /** What to change when the heap is full. */
  static String outOfMemory() {
    long maxHeap = Runtime.getRuntime().maxMemory();
    return String.format(Locale.ROOT, "minitransport: out of memory: the Java heap (%s) is full;"
        + " run less at once (fewer --sessions, smaller --bytes), or give Java more heap, e.g. "
        + "java -Xmx%dg -jar minitransport.jar ...", Sizes.bytes(maxHeap),
        Math.max(2, 2 * (maxHeap >> 30)));
  }
}
