package org.minitransport.demo.apps;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.TcpServerSocket;
import org.minitransport.tcp.TcpSocket;

/**
 * The receiving end of {@link FileTransferProtocol}: a blocking tcp-lite server socket whose
 * accept thread hands each connection to a thread of its own. Each file is written to a hidden
 * {@code .part} file next to its target while its SHA-256 is computed, and moved into place only
 * if the digest matches the sender's; the sender is told the outcome either way. A disk error
 * does not cut the connection: the rest of the data is read and discarded so that the sender
 * reliably gets the error message.
 */
final class FileReceiver implements Closeable {

  /** How long a transfer may stall before the receiver gives up on it. */
  static final int IDLE_TIMEOUT_MS = 30_000;

  /** How one transfer ended; {@code problem} is null when saved. */
  record Outcome(String name, Path file, long size, Endpoint peer, String problem) {
    boolean saved() {
      return problem == null;
    }
  }

  private final TcpServerSocket server;
  private final Path output;
  private final PrintWriter log;
  private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

  private FileReceiver(TcpServerSocket server, Path output, PrintWriter log) {
    this.server = server;
    this.output = output;
    this.log = log;
  }

  /**
   * Listens on {@code port} of {@code host} and saves files to {@code output}: into it if it is
   * a directory, as it otherwise.
   *
   * @throws java.net.BindException if the port is in use
   */
  /** The most transfers received at once. */
  static final int MAX_CONCURRENT_TRANSFERS = 8;

  static FileReceiver start(DemoNetwork.DemoHost host, int port, Path output, PrintWriter log)
      throws IOException {
    TcpServerSocket server;
    try {
      server = host.tcp().listen(new Endpoint(Ipv4Address.ANY, port), 16);
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "cannot listen on " + host.address() + ":" + port + ": " + e.getMessage());
    }
    FileReceiver receiver = new FileReceiver(server, output, log);
    Thread acceptor = new Thread(receiver::acceptAll, "receive-file-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
    return receiver;
  }

  Endpoint localEndpoint() {
    return server.localEndpoint();
  }

  /** The next finished transfer, or null if none finished within {@code timeoutNs} (0: wait). */
  Outcome awaitOutcome(long timeoutNs) throws InterruptedException {
    return timeoutNs == 0 ? outcomes.take() : outcomes.poll(timeoutNs, TimeUnit.NANOSECONDS);
  }

  /** Stops accepting; transfers under way go on until the network closes. */
  @Override
  public void close() {
    server.close();
  }

  /**
   * Accepts transfers, at most {@link #MAX_CONCURRENT_TRANSFERS} at a time, each on its own
   * worker thread: a connection beyond that waits in the listen backlog (and then the peer's SYN
   * retries) until a transfer finishes, so threads stay bounded however many senders arrive.
   */
  private void acceptAll() {
    Semaphore slots = new Semaphore(MAX_CONCURRENT_TRANSFERS);
    while (!server.isClosed()) {
      TcpSocket socket;
      try {
        slots.acquire();
        socket = server.accept();
      } catch (IOException | InterruptedException closed) {
        return;
      }
      Thread worker = new Thread(() -> {
        try {
          outcomes.add(receive(socket));
        } finally {
          slots.release();
        }
      }, "receive-file-" + socket.remoteEndpoint());
      worker.setDaemon(true);
      worker.start();
    }
  }

  private Outcome receive(TcpSocket socket) {
    Endpoint peer = socket.remoteEndpoint();
    long startNs = System.nanoTime();
    String name = "?";
    Path part = null;
    try (socket) {
      socket.setSoTimeout(IDLE_TIMEOUT_MS);
      DataInputStream in = new DataInputStream(
          new BufferedInputStream(socket.getInputStream(), 64 * 1024));
      DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(socket.getOutputStream()));
      FileTransferProtocol.Header header;
      try {
        header = FileTransferProtocol.Header.readFrom(in);
      } catch (DecodeException e) {
        // The message starts with the error category; the detail after it is what a user reads.
        String problem = "bad header: " + e.getMessage().substring(e.error().name().length() + 2);
        FileTransferProtocol.Reply.error(problem).writeTo(out);
        return report(new Outcome(name, null, 0, peer, problem));
      }
      name = header.name();
      Path target = Files.isDirectory(output) ? output.resolve(name) : output;
      Path directory = target.toAbsolutePath().getParent();
      String diskProblem = null;
      OutputStream file = null;
      try {
        long free = Files.getFileStore(directory).getUsableSpace();
        if (header.size() > free) {
          diskProblem = "not enough space in " + directory + ": " + name + " needs "
              + TransferProgress.bytes(header.size()) + ", " + TransferProgress.bytes(free)
              + " free";
        } else {
          part = Files.createTempFile(directory, ".receiving-", ".part");
          file = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024);
        }
      } catch (IOException e) {
        diskProblem = "cannot write " + target + ": " + describe(e);
      }
      MessageDigest sha256 = FileTransferProtocol.sha256();
      byte[] buffer = new byte[64 * 1024];
      long left = header.size();
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("the sender stopped after " + (header.size() - left) + " of "
              + header.size() + " bytes");
        }
        sha256.update(buffer, 0, n);
        left -= n;
        if (file != null && diskProblem == null) {
          try {
            file.write(buffer, 0, n);
          } catch (IOException e) {
            diskProblem = "cannot write " + target + ": " + describe(e);
          }
        }
      }
      byte[] claimed = in.readNBytes(FileTransferProtocol.DIGEST_BYTES);
      if (claimed.length < FileTransferProtocol.DIGEST_BYTES) {
        throw new EOFException("the sender stopped before its SHA-256");
      }
      byte[] digest = sha256.digest();
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          diskProblem = diskProblem != null ? diskProblem
              : "cannot write " + target + ": " + describe(e);
        }
      }
      FileTransferProtocol.Reply reply;
      Outcome outcome;
      if (diskProblem != null) {
        reply = FileTransferProtocol.Reply.error(diskProblem);
        outcome = new Outcome(name, null, header.size(), peer, diskProblem);
      } else if (!Arrays.equals(claimed, digest)) {
        reply = FileTransferProtocol.Reply.mismatch(digest);
        outcome = new Outcome(name, null, header.size(), peer, "SHA-256 mismatch: the sender's "
            + FileTransferProtocol.hex(claimed) + ", received "
            + FileTransferProtocol.hex(digest) + "; discarded");
      } else {
        String moveProblem = moveIntoPlace(part, target);
        if (moveProblem != null) {
          reply = FileTransferProtocol.Reply.error(moveProblem);
          outcome = new Outcome(name, null, header.size(), peer, moveProblem);
        } else {
          part = null;
          reply = FileTransferProtocol.Reply.saved(digest);
          outcome = new Outcome(name, target, header.size(), peer, null);
          log.printf(Locale.ROOT, "received %s (%s) from %s in %.2f s, SHA-256 %s verified;"
                  + " saved to %s%n", name, TransferProgress.bytes(header.size()), peer,
              (System.nanoTime() - startNs) / 1e9, FileTransferProtocol.hex(digest), target);
          log.flush();
        }
      }
      if (!outcome.saved()) {
        report(outcome);
      }
      reply.writeTo(out);
      return outcome;
    } catch (SocketTimeoutException e) {
      return report(new Outcome(name, null, 0, peer,
          "no data for " + IDLE_TIMEOUT_MS / 1000 + " s; gave up"));
    } catch (IOException e) {
      return report(new Outcome(name, null, 0, peer,
          e instanceof EOFException || e instanceof SocketException ? e.getMessage()
              : describe(e)));
    } finally {
      if (part != null) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException e) {
          log.println("could not delete " + part + ": " + describe(e));
        }
      }
    }
  }

  private Outcome report(Outcome outcome) {
    log.printf("receiving %s from %s failed: %s%n", outcome.name(), outcome.peer(),
        outcome.problem());
    log.flush();
    return outcome;
  }

  /** Moves the finished part file to its name; null if done, else what went wrong. */
  private static String moveIntoPlace(Path part, Path target) {
    try {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return null;
    } catch (IOException e) {
      return "cannot write " + target + ": " + describe(e);
    }
  }

  /** A file-system error in words: the exception types carry the reason only in their type. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      return "a non-empty directory is in the way";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
