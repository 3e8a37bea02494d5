package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
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
    header = "Receives files from send-file and checks their SHA-256.",
    description = "Receives files from send-file over tcp-lite, checks each SHA-256, and saves "
        + "them to --output. With --once it exits after the first file: 0 if it was saved, 1 "
        + "if not. A file of the same name is kept: the new one is saved as 'name (1).ext' "
        + "unless --overwrite.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  # terminal 1",
        "  minitransport receive-file --network udp --output ~/Downloads --once",
        "  # terminal 2",
        "  minitransport send-file --network udp report.pdf"})
public final class ReceiveFileCommand implements Callable<Integer> {

  /** The default file-transfer port. */
  public static final int DEFAULT_PORT = 9000;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
      converter = AddressConverters.Port.class, paramLabel = "<port>",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--output", defaultValue = ".", paramLabel = "<file|dir>",
      description = "Where to save: into a directory under the sender's file name, or as this "
          + "file (default: the current directory).")
  Path output;

  @Option(names = "--once", description = "Exit after the first transfer (code 1 if it failed).")
  boolean once;

  @Option(names = "--overwrite",
      description = "Replace a file of the same name (default: keep it and save the new one "
          + "beside it as 'name (1).ext').")
  boolean overwrite;

  @Option(names = "--duration", converter = ValueConverters.Duration.class, defaultValue = "0",
      paramLabel = "<duration>",
      description = "Stop after this long, e.g. 60s (default: run until stopped, or with --once "
          + "until a file arrives).")
  long durationNs;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "Give up on a transfer whose sender stopped answering after about this long "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    checkOutput(spec, output);
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      DemoNetwork.DemoHost server = network.startServerHost(
          DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs)));
      try (FileReceiver receiver = FileReceiver.start(server, port, output, overwrite, timeoutNs,
          out);
          NetstatService netstat = NetstatService.startIfShared(network, server)) {
        out.printf("receive-file listening on %s:%d (network %s), saving to %s%n",
            server.address(), receiver.localEndpoint().port(), host.network,
            output.toAbsolutePath().normalize());
        if (netstat != null) {
          out.printf("netstat queries answered on UDP port %d%n", netstat.localEndpoint().port());
        }
        out.flush();
        if (!once) {
          ServerLifetime.await(durationNs, out);
          return 0;
        }
        // Ctrl-C interrupts the wait: the receiver closes (a transfer under way is reset and
        // its partial file removed) and the command ends as stopped.
        FileReceiver.Outcome outcome = receiver.awaitOutcome(durationNs);
        if (outcome == null) {
          throw new java.net.SocketTimeoutException(
              "no file arrived within " + Sizes.duration(durationNs));
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
