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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.demo.cli.Sizes;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.socket.TcpServerSocket;
import org.minitransport.tcp.socket.TcpSocket;

/**
 * The receiving end of {@link FileTransferProtocol}: a blocking tcp-lite server socket whose
 * accept thread hands each connection to a thread of its own. Each file is written to a hidden
 * {@code .part} file next to its target while its SHA-256 is computed, and moved into place only
 * if the digest matches the sender's; the sender is told the outcome either way. A disk error
 * does not cut the connection: the rest of the data is read and discarded so that the sender
 * reliably gets the error message.
 *
 * <p>Files get the mode the user's umask gives new files (as {@code cp} or {@code curl -O} do).
 * A file of the same name is never silently replaced: without {@code overwrite} the new one is
 * saved beside it as {@code name (1).ext}, {@code name (2).ext}, … (as browsers do). {@link
 * #close()} (Ctrl-C) ends transfers under way, resets their connections (their data is unread),
 * and removes their partial files before it returns.
 */
final class FileReceiver implements Closeable {

  /** How long a transfer may stall before the receiver gives up on it, unless told otherwise. */
  static final long DEFAULT_IDLE_TIMEOUT_NS = 30_000_000_000L;

  /** How long {@link #close()} waits for transfers under way to clean up. */
  private static final long CLOSE_WAIT_MS = 5_000;

  /** The most names tried beside a taken one: {@code name (1).ext} to {@code name (999).ext}. */
  private static final int MAX_COPIES = 999;

  /** How one transfer ended; {@code problem} is null when saved. */
  record Outcome(String name, Path file, long size, Endpoint peer, String problem) {
    boolean saved() {
      return problem == null;
    }
  }

  private final TcpServerSocket server;
  private final Path output;
  private final boolean overwrite;
  private final int idleTimeoutMs;
  private final PrintWriter log;
  private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final Set<TcpSocket> transfers = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  private FileReceiver(TcpServerSocket server, Path output, boolean overwrite, long idleTimeoutNs,
      PrintWriter log) {
    this.server = server;
    this.output = output;
    this.overwrite = overwrite;
    this.idleTimeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeoutNs / 1_000_000));
    this.log = log;
  }

  /** The most transfers received at once. */
  static final int MAX_CONCURRENT_TRANSFERS = 8;

  /**
   * Listens on {@code port} of {@code host} and saves files to {@code output}: into it if it is
   * a directory, as it otherwise; never replaces a file, gives up on a transfer idle for 30 s.
   *
   * @throws java.net.BindException if the port is in use
   */
  static FileReceiver start(DemoNetwork.DemoHost host, int port, Path output, PrintWriter log)
      throws IOException {
    return start(host, port, output, false, DEFAULT_IDLE_TIMEOUT_NS, log);
  }

  /**
   * Listens on {@code port} of {@code host} and saves files to {@code output}.
   *
   * @param overwrite replace a file of the same name instead of saving beside it
   * @param idleTimeoutNs how long a transfer may stall before it is given up
   * @throws java.net.BindException if the port is in use
   */
  static FileReceiver start(DemoNetwork.DemoHost host, int port, Path output, boolean overwrite,
      long idleTimeoutNs, PrintWriter log) throws IOException {
    TcpServerSocket server;
    try {
      server = host.tcp().listen(new Endpoint(Ipv4Address.ANY, port), 16);
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "cannot listen on " + host.address() + ":" + port + ": " + e.getMessage());
    }
    FileReceiver receiver = new FileReceiver(server, output, overwrite, idleTimeoutNs, log);
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

  /**
   * Stops accepting, ends the transfers under way (their connections are closed, which resets
   * them: their data is unread) and waits, boundedly and through interrupts, until their partial
   * files are removed. Idempotent.
   */
  @Override
  public void close() {
    stopping = true;
    server.close();
    for (TcpSocket socket : transfers) {
      socket.close();
    }
    long deadlineNs = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000L;
    boolean interrupted = Thread.interrupted();
    for (Thread worker : workers) {
      while (worker.isAlive()) {
        long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          break;
        }
        try {
          worker.join(leftMs);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
      transfers.add(socket);
      Thread worker = new Thread(() -> {
        try {
          outcomes.add(receive(socket));
        } finally {
          transfers.remove(socket);
          workers.remove(Thread.currentThread());
          slots.release();
        }
      }, "receive-file-" + socket.remoteEndpoint());
      worker.setDaemon(true);
      workers.add(worker);
      if (stopping) {
        socket.close(); // close() ran meanwhile and did not see this one
      }
      worker.start();
    }
  }

  private Outcome receive(TcpSocket socket) {
    Endpoint peer = socket.remoteEndpoint();
    long startNs = System.nanoTime();
    String name = "?";
    Path part = null;
    try (socket) {
      socket.setSoTimeout(idleTimeoutMs);
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
              + Sizes.bytes(header.size()) + ", " + Sizes.bytes(free)
              + " free";
        } else {
          part = createPart(directory);
          file = new BufferedOutputStream(Files.newOutputStream(part, StandardOpenOption.WRITE),
              64 * 1024);
        }
      } catch (IOException e) {
        diskProblem = "cannot write " + target + ": " + describe(e);
      }
      log.printf("receiving %s (%s) from %s%n", name, Sizes.bytes(header.size()), peer);
      log.flush();
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
        Placed placed = moveIntoPlace(part, target);
        if (placed.problem() != null) {
          reply = FileTransferProtocol.Reply.error(placed.problem());
          outcome = new Outcome(name, null, header.size(), peer, placed.problem());
        } else {
          part = null;
          reply = FileTransferProtocol.Reply.saved(digest);
          outcome = new Outcome(name, placed.file(), header.size(), peer, null);
          log.printf(Locale.ROOT, "received %s (%s) from %s in %.2f s, SHA-256 %s verified;"
                  + " saved to %s%s%n", name, Sizes.bytes(header.size()), peer,
              (System.nanoTime() - startNs) / 1e9, FileTransferProtocol.hex(digest),
              placed.file(), placed.file().equals(target) ? ""
                  : " (" + target.getFileName() + " exists; --overwrite replaces it)");
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
          "no data for " + Sizes.duration(idleTimeoutMs * 1_000_000L) + "; gave up"));
    } catch (IOException e) {
      String problem = stopping ? "receive-file is stopping; the partial file is removed"
          : e instanceof EOFException ? e.getMessage()
          : e instanceof SocketException ? PeerFailures.lost(peer, e, idleTimeoutMs * 1_000_000L)
              .getMessage()
          : describe(e);
      return report(new Outcome(name, null, 0, peer, problem));
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

  /**
   * A new, empty, hidden partial file in {@code directory}, created with the mode the umask gives
   * new files (not the 0600 of a temporary file: the file becomes the user's download).
   */
  private static Path createPart(Path directory) throws IOException {
    while (true) {
      Path part = directory.resolve(".receiving-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".part");
      try {
        Files.newOutputStream(part, StandardOpenOption.CREATE_NEW).close();
        return part;
      } catch (FileAlreadyExistsException taken) {
        // another transfer's name: draw again
      }
    }
  }

  private Outcome report(Outcome outcome) {
    log.printf("receiving %s from %s failed: %s%n", outcome.name(), outcome.peer(),
        outcome.problem());
    log.flush();
    return outcome;
  }

  /** Where a finished file went, or what went wrong. */
  private record Placed(Path file, String problem) {}

  /**
   * Gives the finished part file its name: {@code target}, replacing a file there only with
   * {@code overwrite}; otherwise the first free {@code name (N).ext} beside it.
   */
  private Placed moveIntoPlace(Path part, Path target) {
    try {
      if (overwrite) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        return new Placed(target, null);
      }
      for (int copy = 0; copy <= MAX_COPIES; copy++) {
        Path candidate = copy == 0 ? target : numbered(target, copy);
        if (placeWithoutReplacing(part, candidate)) {
          return new Placed(candidate, null);
        }
      }
      return new Placed(null, "cannot write " + target + ": it and " + MAX_COPIES
          + " numbered copies exist (--overwrite replaces it)");
    } catch (IOException e) {
      return new Placed(null, "cannot write " + target + ": " + describe(e));
    }
  }

  /**
   * Renames {@code part} to {@code target} unless something is there: a hard link fails
   * atomically if the name is taken (a rename would silently replace it); where links are not
   * supported, a move that refuses an existing target.
   *
   * @return false if the name is taken
   */
  private static boolean placeWithoutReplacing(Path part, Path target) throws IOException {
    try {
      Files.createLink(target, part);
      Files.delete(part);
      return true;
    } catch (FileAlreadyExistsException taken) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException noLinks) {
      if (noLinks instanceof FileAlreadyExistsException) {
        return false;
      }
      try {
        Files.move(part, target);
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      }
    }
  }

  /** {@code report.pdf} → {@code report (2).pdf}; {@code notes} → {@code notes (2)}. */
  static Path numbered(Path target, int copy) {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    return target.resolveSibling(stem + " (" + copy + ")" + extension);
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
