package org.minitransport.demo.apps;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport send-file}: sends one file to {@code receive-file} ({@link
 * FileTransferProtocol}) and checks that the receiver computed the same SHA-256. Exit code 0 if
 * it did and saved the file, 1 otherwise.
 */
@Command(name = "send-file", mixinStandardHelpOptions = true,
    description = "Sends a file over tcp-lite to receive-file and checks the SHA-256 both ends "
        + "computed. With --network sim (the default) the receiver runs in this process at --to "
        + "and saves to --output (default: a new temporary directory).")
public final class SendFileCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to send.")
  Path file;

  @Option(names = "--to", defaultValue = "10.0.0.2:" + ReceiveFileCommand.DEFAULT_PORT,
      converter = AddressConverters.Remote.class, paramLabel = "ADDRESS:PORT",
      description = "The receiver (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--output", paramLabel = "FILE|DIR",
      description = "With --network sim: where the in-process receiver saves (default: a new "
          + "temporary directory).")
  Path output;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "10s",
      description = "Connect timeout, and how long to wait for the receiver's answer "
          + "(default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    if (output != null && host.network != HostOptions.Kind.sim) {
      throw new ParameterException(spec.commandLine(), "--output is for --network sim; on the"
          + " UDP network the receiver chooses where to save (receive-file --output)");
    }
    if (timeoutNs < 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1ms");
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
    try (InputStream data = open(file);
        DemoNetwork network = DemoNetwork.open(host)) {
      long size = Files.size(file);
      FileReceiver inProcess = null;
      if (!network.isShared()) {
        Path saveTo = output != null ? output : Files.createTempDirectory("minitransport-files-");
        ReceiveFileCommand.checkOutput(spec, saveTo);
        inProcess = FileReceiver.start(network.startHost(to.address()), to.port(), saveTo, out);
        out.printf("receiver at %s (in this process) saves to %s%n", to,
            saveTo.toAbsolutePath().normalize());
      }
      try (TcpSocket socket = Dialer.dial(network.startHost(host.addressOr("10.0.0.1")), to,
          timeoutNs, "receive-file")) {
        return send(socket, name, size, data, out);
      } finally {
        if (inProcess != null) {
          inProcess.close();
        }
      }
    }
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + FileReceiver.describe(e));
    }
  }

  private int send(TcpSocket socket, String name, long size, InputStream data, PrintWriter out)
      throws IOException {
    long startNs = System.nanoTime();
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutNs / 1_000_000));
    DataOutputStream wire = new DataOutputStream(
        new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    MessageDigest sha256 = FileTransferProtocol.sha256();
    TransferProgress progress = new TransferProgress(out, size, TransferProgress.onTerminal());
    try {
      new FileTransferProtocol.Header(name, size).writeTo(wire);
      byte[] buffer = new byte[64 * 1024];
      long sent = 0;
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
        progress.update(sent);
      }
      progress.update(size);
      byte[] digest = sha256.digest();
      wire.write(digest);
      wire.flush();
      progress.done();
      FileTransferProtocol.Reply reply;
      try {
        reply = FileTransferProtocol.Reply.readFrom(new DataInputStream(socket.getInputStream()));
      } catch (DecodeException e) {
        throw new IOException("the receiver at " + to + " answered badly: " + e.getMessage());
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("the receiver at " + to + " did not answer within "
            + timeoutNs / 1_000_000 + " ms after the data");
      } catch (EOFException e) {
        throw new EOFException("the receiver at " + to + " closed without an answer");
      }
      double seconds = (System.nanoTime() - startNs) / 1e9;
      out.printf(Locale.ROOT, "sent %s (%s) to %s in %.2f s (%s/s)%n", name,
          TransferProgress.bytes(size), to, seconds,
          TransferProgress.bytes((long) (size / Math.max(seconds, 1e-9))));
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
    } catch (SocketException e) {
      throw new SocketException("sending " + name + " to " + to + " failed: " + e.getMessage());
    } finally {
      progress.done();
    }
  }
}
