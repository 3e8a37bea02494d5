package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport receive-file}: receives files sent with {@code send-file} ({@link
 * FileTransferProtocol}) and checks each one's SHA-256.
 */
@Command(name = "receive-file", mixinStandardHelpOptions = true,
    description = "Receives files from send-file over tcp-lite, checks each SHA-256, and saves "
        + "them to --output. With --once it exits after the first file: 0 if it was saved, 1 "
        + "if not.")
public final class ReceiveFileCommand implements Callable<Integer> {

  /** The default file-transfer port. */
  public static final int DEFAULT_PORT = 9000;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
      converter = AddressConverters.Port.class,
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--output", defaultValue = ".", paramLabel = "FILE|DIR",
      description = "Where to save: into a directory under the sender's file name, or as this "
          + "file (default: the current directory).")
  Path output;

  @Option(names = "--once", description = "Exit after the first transfer (code 1 if it failed).")
  boolean once;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      description = "Stop after this long, e.g. 60s (default: run until stopped, or with --once "
          + "until a file arrives).")
  long durationNs;

  @Override
  public Integer call() throws Exception {
    checkOutput(spec, output);
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startHost(host.addressOr("10.0.0.2"));
      try (FileReceiver receiver = FileReceiver.start(server, port, output, out);
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("receive-file listening on %s (network %s), saving to %s%n",
            receiver.localEndpoint(), host.network, output.toAbsolutePath().normalize());
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        if (!once) {
          ServerLifetime.await(durationNs, out);
          return 0;
        }
        FileReceiver.Outcome outcome;
        try {
          outcome = receiver.awaitOutcome(durationNs);
        } catch (InterruptedException e) {
          spec.commandLine().getErr().println("minitransport: stopped before a file arrived");
          return 1;
        }
        if (outcome == null) {
          throw new java.net.SocketTimeoutException(
              "no file arrived within " + durationNs / 1_000_000 + " ms");
        }
        return outcome.saved() ? 0 : 1;
      }
    }
  }

  /** A usage error unless {@code output} is a directory or a file in an existing directory. */
  static void checkOutput(CommandSpec spec, Path output) {
    if (Files.isDirectory(output)) {
      if (!Files.isWritable(output)) {
        throw new ParameterException(spec.commandLine(),
            "--output " + output + ": the directory is not writable");
      }
      return;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new ParameterException(spec.commandLine(),
          "--output " + output + ": directory " + parent + " does not exist");
    }
  }
}
