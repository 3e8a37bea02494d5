package org.minitransport.demo;

import java.io.PrintWriter;
import org.minitransport.demo.apps.ChatClientCommand;
import org.minitransport.demo.apps.ChatServerCommand;
import org.minitransport.demo.apps.EchoClientCommand;
import org.minitransport.demo.apps.EchoServerCommand;
import org.minitransport.demo.apps.HttpGetCommand;
import org.minitransport.demo.apps.HttpServerCommand;
import org.minitransport.demo.apps.NetstatCommand;
import org.minitransport.demo.apps.ReceiveFileCommand;
import org.minitransport.demo.apps.SendFileCommand;
import org.minitransport.demo.apps.TimeQueryCommand;
import org.minitransport.demo.apps.TimeServerCommand;
import org.minitransport.demo.scenario.ScenarioCommand;
import org.minitransport.demo.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code minitransport} command line. Exit codes: 0 success, 1 the run failed (for example a
 * session was not verified), 2 bad usage.
 */
@Command(name = "minitransport", mixinStandardHelpOptions = true, version = "minitransport 0.1.0",
    description = "A user-space transport layer you can watch: tcp-lite and udp-lite over a "
        + "simulated or real UDP network.",
    subcommands = {SimulateCommand.class, EchoServerCommand.class, EchoClientCommand.class,
        ChatServerCommand.class, ChatClientCommand.class, ReceiveFileCommand.class,
        SendFileCommand.class, HttpServerCommand.class, HttpGetCommand.class,
        TimeServerCommand.class, TimeQueryCommand.class, NetstatCommand.class,
        ScenarioCommand.class})
public final class Minitransport {

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code (for tests). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Minitransport top = new Minitransport();
    CommandLine cli = new CommandLine(top);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = parseResult.hasMatchedOption("--verbose")
          || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("minitransport: " + e.getMessage());
      }
      return 1;
    });
    return cli.execute(args);
  }
}
