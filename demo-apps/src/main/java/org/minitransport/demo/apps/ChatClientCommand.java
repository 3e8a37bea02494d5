package org.minitransport.demo.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.ValueConverters;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.demo.net.HostOptions;
import org.minitransport.tcp.TcpSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minitransport chat-client}: joins a chat room ({@link ChatRoom}) with a blocking
 * tcp-lite socket, sends lines from stdin or {@code --say}, and prints every line the room
 * broadcasts. It finishes once its own lines have come back from the server (and, with bots,
 * every bot has spoken), after {@code --linger} more.
 */
@Command(name = "chat-client", mixinStandardHelpOptions = true,
    description = "Joins a chat room over tcp-lite: sends each line of stdin (or each --say), "
        + "prints what everybody says. With --network sim (the default) the chat server runs in "
        + "this process at --to, and --bots N adds simulated users who greet you.")
public final class ChatClientCommand implements Callable<Integer> {

  static final int MAX_BOTS = 50;

  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--to", defaultValue = "10.0.0.2:" + ChatServerCommand.DEFAULT_PORT,
      converter = AddressConverters.Remote.class, paramLabel = "ADDRESS:PORT",
      description = "The chat server (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--name", description = "Your name: 1-32 letters, digits, _ . or - "
      + "(default: the server names you by your address and port).")
  String name;

  @Option(names = "--say", paramLabel = "TEXT",
      description = "A line to send instead of reading stdin; repeat for more lines.")
  List<String> say = new ArrayList<>();

  @Option(names = "--linger", converter = ValueConverters.Duration.class,
      defaultValue = "500ms",
      description = "How long to keep printing after your last line came back "
          + "(default: ${DEFAULT-VALUE}).")
  long lingerNs;

  @Option(names = "--bots", defaultValue = "0",
      description = "Simulated users in the room, 0-" + MAX_BOTS + " (--network sim only).")
  int bots;

  @Option(names = "--timeout", converter = ValueConverters.Duration.class, defaultValue = "10s",
      description = "Connect and reply timeout (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = DemoNetwork.open(host)) {
      Ipv4Address self = host.addressOr("10.0.0.1");
      ChatServer inProcessServer = null;
      if (!network.isShared()) {
        inProcessServer = ChatServer.start(network.startHost(to.address()), to.port(),
            64 * 1024, new PrintWriter(OutputStream.nullOutputStream()));
        if (bots > 0) {
          ChatBots.start(network.startHost(botAddress(self)), to, bots, timeoutNs);
        }
      }
      try (TcpSocket socket = Dialer.dial(network.startHost(self), to, timeoutNs,
          "chat-server")) {
        chat(socket, out);
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
    }
    return 0;
  }

  private void validate() {
    if (name != null && !ChatRoom.NAME.matcher(name).matches()) {
      throw new ParameterException(spec.commandLine(),
          "--name '" + name + "' must be 1-32 letters, digits, _ . or -");
    }
    if (bots < 0 || bots > MAX_BOTS) {
      throw new ParameterException(spec.commandLine(),
          "--bots " + bots + " must be 0-" + MAX_BOTS);
    }
    if (bots > 0 && host.network != HostOptions.Kind.sim) {
      throw new ParameterException(spec.commandLine(),
          "--bots needs --network sim (the bots run in this process next to the server)");
    }
    if (timeoutNs < 1_000_000) {
      throw new ParameterException(spec.commandLine(), "--timeout must be at least 1ms");
    }
    for (String line : say) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new ParameterException(spec.commandLine(), "--say text must be one line");
      }
    }
  }

  /** The first of 10.0.0.3, 10.0.0.4, ... that is neither the server nor this client. */
  private Ipv4Address botAddress(Ipv4Address self) {
    for (int last = 3; ; last++) {
      Ipv4Address candidate = Ipv4Address.of(10, 0, 0, last);
      if (!candidate.equals(self) && !candidate.equals(to.address())) {
        return candidate;
      }
    }
  }

  private void chat(TcpSocket socket, PrintWriter out) throws IOException, InterruptedException {
    Transcript transcript = new Transcript(out);
    Thread reader = new Thread(() -> transcript.readFrom(socket), "chat-reader");
    reader.setDaemon(true);
    reader.start();
    OutputStream output = socket.getOutputStream();
    int sent = 0;
    try {
      if (name != null) {
        send(output, "NAME " + name);
      }
      if (!say.isEmpty()) {
        for (String line : say) {
          send(output, line);
          sent += line.isEmpty() ? 0 : 1;
        }
      } else {
        BufferedReader stdin = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
          send(output, line);
          sent += line.isEmpty() ? 0 : 1;
        }
      }
      long timeoutMs = timeoutNs / 1_000_000;
      if (!transcript.awaitOwnLines(sent, timeoutNs)) {
        throw new IOException(transcript.failure() != null
            ? "disconnected from " + to + ": " + transcript.failure()
            : "the chat server at " + to + " did not relay our lines within " + timeoutMs
                + " ms");
      }
      if (!transcript.awaitBots(bots, timeoutNs)) {
        throw new IOException("not every bot spoke within " + timeoutMs + " ms");
      }
      transcript.awaitEnd(lingerNs);
      if (transcript.failure() == null) {
        socket.shutdownOutput();
        transcript.awaitEnd(timeoutNs); // the server closes its side in turn
      }
    } catch (SocketException e) {
      throw new SocketException("disconnected from " + to + ": " + e.getMessage());
    } finally {
      socket.close();
      reader.join(TimeUnit.NANOSECONDS.toMillis(timeoutNs));
    }
  }

  private static void send(OutputStream output, String line) throws IOException {
    output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  /** What the reader thread has seen; waited on by the sending thread. */
  private static final class Transcript {

    private final PrintWriter out;
    private final Set<String> botsHeard = new HashSet<>();
    private String myName;
    private int ownLines;
    private boolean ended;
    private String failure;

    Transcript(PrintWriter out) {
      this.out = out;
    }

    void readFrom(TcpSocket socket) {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          out.println(line);
          out.flush();
          heard(line);
        }
        end(null);
      } catch (IOException e) {
        end(socket.isClosed() ? null : e.getMessage());
      }
    }

    private synchronized void heard(String line) {
      if (myName == null && line.startsWith("* you are ")) {
        myName = line.substring("* you are ".length());
      } else if (myName != null && line.startsWith(myName + ": ")) {
        ownLines++;
      }
      String bot = ChatBots.speaker(line);
      if (bot != null) {
        botsHeard.add(bot);
      }
      notifyAll();
    }

    private synchronized void end(String why) {
      ended = true;
      failure = why;
      notifyAll();
    }

    synchronized String failure() {
      return failure;
    }

    synchronized boolean awaitOwnLines(int count, long timeoutNs) throws InterruptedException {
      return await(() -> ownLines >= count, timeoutNs);
    }

    synchronized boolean awaitBots(int count, long timeoutNs) throws InterruptedException {
      return await(() -> botsHeard.size() >= count, timeoutNs);
    }

    synchronized void awaitEnd(long timeoutNs) throws InterruptedException {
      await(() -> false, timeoutNs);
    }

    /** Waits until {@code done} holds (true), the connection ends or the time is up (false). */
    private boolean await(java.util.function.BooleanSupplier done, long timeoutNs)
        throws InterruptedException {
      long deadlineNs = System.nanoTime() + timeoutNs;
      while (!done.getAsBoolean()) {
        long leftNs = deadlineNs - System.nanoTime();
        if (ended || leftNs <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, leftNs);
      }
      return true;
    }
  }
}
