package org.minitransport.demo.apps;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ProgressMeter;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DeadPeerTimeout;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.socket.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport send-file}: sends one file to {@code receive-file} ({@link
 * FileTransferProtocol}) and checks that the receiver computed the same SHA-256. Exit code 0 if
 * it did and saved the file, 1 otherwise.
 */
@Command(name = "send-file", mixinStandardHelpOptions = true,
    header = "Sends a file to receive-file and checks its SHA-256.",
    description = "Sends a file over tcp-lite to receive-file and checks the SHA-256 both ends "
        + "computed. With --network sim (the default) the receiver runs in this process at --to "
        + "and saves to --output (default: a new temporary directory).",
    footerHeading = "%nExamples:%n",
    footer = {
        "  minitransport send-file big.iso --loss 1%% --delay 20ms --output /tmp/in",
        "  # terminal 1",
        "  minitransport receive-file --network udp --output ~/Downloads --once",
        "  # terminal 2",
        "  minitransport send-file --network udp --to 10.0.0.2:9000 report.pdf"})
public final class SendFileCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "<file>", description = "The file to send.")
  Path file;

  @Option(names = "--to", defaultValue = "10.0.0.2:" + ReceiveFileCommand.DEFAULT_PORT,
      converter = AddressConverters.Remote.class, paramLabel = "<address:port>",
      description = "The receiver (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--output", paramLabel = "<file|dir>",
      description = "With --network sim: where the in-process receiver saves (default: a new "
          + "temporary directory).")
  Path output;

  @Option(names = "--overwrite",
      description = "With --network sim: let the in-process receiver replace a file of the same "
          + "name (default: save beside it as 'name (1).ext').")
  boolean overwrite;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for the receiver: to connect, for its answer, and on a "
          + "connection that stopped answering (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Option(names = "--progress", paramLabel = "<style>",
      description = "none, bar or lines (default: a bar on a terminal, else a line a second), "
          + "on standard error.")
  ProgressMeter.Style progress;

  @Override
  public Integer call() throws Exception {
    if (output != null && host.network != HostOptions.Kind.sim) {
      throw new ParameterException(spec.commandLine(), "--output is for --network sim; on the"
          + " UDP network the receiver chooses where to save (receive-file --output)");
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String nameProblem = FileTransferProtocol.nameProblem(name);
    if (nameProblem != null) {
      throw new ParameterException(spec.commandLine(), "FILE " + file + ": " + nameProblem);
    }
    if (Files.isDirectory(file)) {
      throw new IOException("cannot send " + file + ": it is a directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (InputStream data = open(file);
        DemoNetwork network = DemoNetwork.open(host)) {
      long size = Files.size(file);
      warnIfTheCaptureWillBeLarge(size, err);
      FileReceiver inProcess = null;
      if (!network.isShared()) {
        Path saveTo = output != null ? output : Files.createTempDirectory("minitransport-files-");
        ReceiveFileCommand.checkOutput(spec, saveTo);
        inProcess = FileReceiver.start(network.startHost(to.address(), tcp), to.port(), saveTo,
            overwrite, timeoutNs, out);
        out.printf("receiver at %s (in this process) saves to %s%n", to,
            saveTo.toAbsolutePath().normalize());
      }
      try (TcpSocket socket = Dialer.dial(network, network.startClientHost(tcp), to, timeoutNs,
          "receive-file", err)) {
        return send(socket, name, size, data, out, err);
      } finally {
        if (inProcess != null) {
          inProcess.close();
        }
      }
    }
  }

  /** A capture holds every packet: warn before a big transfer fills the disk with one. */
  private void warnIfTheCaptureWillBeLarge(long size, PrintWriter err) {
    if (host.pcap == null || DemoNetwork.isStandardOutput(host.pcap)) {
      return;
    }
    long estimate = CaptureEstimate.bytes(size, host.impairments.mtu);
    if (estimate >= CaptureEstimate.WARN_BYTES) {
      err.printf("note: the capture %s will take about %s%n", host.pcap, Sizes.bytes(estimate));
      err.flush();
    }
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + FileReceiver.describe(e));
    }
  }

  private int send(TcpSocket socket, String name, long size, InputStream data, PrintWriter out,
      PrintWriter err) throws IOException {
    long startNs = System.nanoTime();
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutNs / 1_000_000));
    DataOutputStream wire = new DataOutputStream(
        new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    MessageDigest sha256 = FileTransferProtocol.sha256();
    ProgressMeter progress = new ProgressMeter(err, this.progress, "sending " + name, size,
        System::nanoTime);
    long sent = 0;
    try {
      new FileTransferProtocol.Header(name, size).writeTo(wire);
      byte[] buffer = new byte[64 * 1024];
      while (sent < size) {
        int n;
        try {
          n = data.read(buffer, 0, (int) Math.min(buffer.length, size - sent));
        } catch (IOException e) {
          throw new IOException("cannot read " + file + ": " + FileReceiver.describe(e));
        }
        if (n < 0) {
          throw new EOFException(file + " shrank while it was being sent (" + sent + " of "
              + size + " bytes)");
        }
        sha256.update(buffer, 0, n);
        wire.write(buffer, 0, n);
        sent += n;
        if (progress.due()) {
          progress.update(acknowledged(socket, sent));
        }
      }
      byte[] digest = sha256.digest();
      wire.write(digest);
      wire.flush();
      FileTransferProtocol.Reply reply;
      try {
        reply = FileTransferProtocol.Reply.readFrom(new DataInputStream(socket.getInputStream()));
      } catch (DecodeException e) {
        throw new IOException("the receiver at " + to + " answered badly: " + e.getMessage());
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("the receiver at " + to + " did not answer within "
            + Sizes.duration(timeoutNs) + " after the data");
      } catch (EOFException e) {
        throw new EOFException("the receiver at " + to + " closed without an answer");
      }
      progress.done(size, null);
      double seconds = (System.nanoTime() - startNs) / 1e9;
      out.printf(Locale.ROOT, "sent %s (%s) to %s in %.2f s (%s/s)%n", name,
          Sizes.bytes(size), to, seconds,
          Sizes.bytes((long) (size / Math.max(seconds, 1e-9))));
      switch (reply.status()) {
        case SAVED -> {
          if (!Arrays.equals(reply.digest(), digest)) {
            out.printf("SHA-256 MISMATCH: sent %s, the receiver computed %s%n",
                FileTransferProtocol.hex(digest), FileTransferProtocol.hex(reply.digest()));
            return 1;
          }
          out.printf("SHA-256 %s verified by the receiver%n", FileTransferProtocol.hex(digest));
          return 0;
        }
        case MISMATCH -> {
          out.printf("SHA-256 MISMATCH: sent %s, the receiver computed %s; it discarded the "
              + "file%n", FileTransferProtocol.hex(digest),
              FileTransferProtocol.hex(reply.digest()));
          return 1;
        }
        default -> throw new IOException(
            "the receiver at " + to + " could not save " + name + ": " + reply.message());
      }
    } catch (InterruptedIOException e) {
      if (e instanceof SocketTimeoutException) {
        throw e;
      }
      progress.done(sent, null);
      err.printf("send-file: stopped after %s of %s%n", Sizes.bytes(sent), Sizes.bytes(size));
      err.flush();
      throw e;
    } catch (SocketException e) {
      throw new SocketException("sending " + name + " to " + to + " failed: "
          + PeerFailures.lost(to, e, timeoutNs).getMessage());
    }
  }

  /** Bytes the receiver has acknowledged of the {@code written} so far. */
  private static long acknowledged(TcpSocket socket, long written) {
    try {
      return Math.min(written, socket.info().bytesAcknowledged());
    } catch (IOException e) {
      return written; // the next write reports what went wrong
    }
  }
}
