package org.minitransport.demo.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.demo.cli.AddressConverters;
import org.minitransport.demo.cli.UsesStandardStreams;
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
import picocli.CommandLine.Spec;

/**
 * {@code minitransport chat-client}: joins a chat room ({@link ChatRoom}) with a blocking
 * tcp-lite socket, sends lines from stdin or {@code --say}, and prints every line the room
 * broadcasts. It finishes once its own lines have come back from the server (and, with bots,
 * every bot has spoken), after {@code --linger} more.
 */
@Command(name = "chat-client", mixinStandardHelpOptions = true,
    header = "Joins a chat room: sends your lines, prints what everybody says.",
    description = "Joins a chat room over tcp-lite: sends each line of stdin (or each --say), "
        + "prints what everybody says. With --network sim (the default) the chat server runs in "
        + "this process at --to, and --bots N adds simulated users who greet you.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  minitransport chat-client --name alice --say \"hi all\" --bots 3 --loss 2%%",
        "  # with chat-server running",
        "  minitransport chat-client --network udp --name bob"})
public final class ChatClientCommand implements Callable<Integer>, UsesStandardStreams {

  static final int MAX_BOTS = 50;

  @Spec
  CommandSpec spec;

  private InputStream stdin = System.in;

  @Override
  public void useStandardStreams(InputStream in, OutputStream out) {
    this.stdin = in;
  }

  @Mixin
  HostOptions host = new HostOptions();

  @Option(names = "--to", defaultValue = "10.0.0.2:" + ChatServerCommand.DEFAULT_PORT,
      converter = AddressConverters.Remote.class, paramLabel = "<address:port>",
      description = "The chat server (default: ${DEFAULT-VALUE}).")
  Endpoint to;

  @Option(names = "--name", paramLabel = "<name>", description = "Your name: 1-32 letters, digits, _ . or - "
      + "(default: the server names you by your address and port).")
  String name;

  @Option(names = "--say", paramLabel = "<text>",
      description = "A line to send instead of reading stdin; repeat for more lines.")
  List<String> say = new ArrayList<>();

  @Option(names = "--linger", converter = ValueConverters.Duration.class,
      defaultValue = "500ms", paramLabel = "<duration>",
      description = "How long to keep printing after your last line came back "
          + "(default: ${DEFAULT-VALUE}).")
  long lingerNs;

  @Option(names = "--bots", defaultValue = "0", paramLabel = "<n>",
      description = "Simulated users in the room, 0-" + MAX_BOTS + " (--network sim only; "
          + "default: ${DEFAULT-VALUE}).")
  int bots;

  @Option(names = "--timeout", converter = ValueConverters.Timeout.class, defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for the server: to connect, to relay a line, and on a "
          + "connection that stopped answering (default: ${DEFAULT-VALUE}).")
  long timeoutNs;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    TcpConfig tcp = DeadPeerTimeout.tcpConfig(TcpConfig.defaults(), Duration.ofNanos(timeoutNs));
    try (DemoNetwork network = DemoNetwork.open(host)) {
      ChatServer inProcessServer = null;
      DemoNetwork.DemoHost self;
      if (!network.isShared()) {
        inProcessServer = ChatServer.start(network.startHost(to.address(), tcp), to.port(),
            64 * 1024, new PrintWriter(OutputStream.nullOutputStream()));
        self = network.startClientHost(tcp);
        if (bots > 0) {
          ChatBots.start(network.startHost(botAddress(self.address()), tcp), to, bots, timeoutNs);
        }
      } else {
        self = network.startClientHost(tcp);
      }
      try (TcpSocket socket = Dialer.dial(network, self, to, timeoutNs, "chat-server",
          spec.commandLine().getErr())) {
        return chat(socket, out);
      } finally {
        if (inProcessServer != null) {
          inProcessServer.close();
        }
      }
    }
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

  /**
   * Sends our lines and prints the room until we are done, or until the server ends the
   * connection (then this says so at once, even while stdin is idle: stdin is read on a thread of
   * its own, and both feed one queue).
   *
   * @return the exit code: 0, or 1 if the connection failed
   */
  private int chat(TcpSocket socket, PrintWriter out) throws IOException, InterruptedException {
    BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    Transcript transcript = new Transcript(out, inputs);
    Thread reader = new Thread(() -> transcript.readFrom(socket), "chat-reader");
    reader.setDaemon(true);
    reader.start();
    if (!say.isEmpty()) {
      say.forEach(line -> inputs.add(new Input(line, false)));
      inputs.add(Input.STDIN_ENDED);
    } else {
      Thread lines = new Thread(() -> readStdin(stdin, inputs), "chat-stdin");
      lines.setDaemon(true);
      lines.start();
    }
    OutputStream output = socket.getOutputStream();
    int sent = 0;
    try {
      if (name != null) {
        send(output, "NAME " + name);
      }
      for (Input input = inputs.take(); ; input = inputs.take()) {
        if (input == Input.CONNECTION_ENDED) {
          return serverEnded(transcript, out);
        }
        if (input == Input.STDIN_ENDED) {
          break;
        }
        send(output, input.line());
        sent += input.line().isEmpty() ? 0 : 1;
      }
      long timeoutMs = timeoutNs / 1_000_000;
      if (!transcript.awaitOwnLines(sent, timeoutNs)) {
        if (transcript.hasEnded()) {
          return serverEnded(transcript, out);
        }
        throw new IOException("the chat server at " + to + " did not relay our lines within "
            + timeoutMs + " ms");
      }
      if (!transcript.awaitBots(bots, timeoutNs)) {
        throw new IOException("not every bot spoke within " + timeoutMs + " ms");
      }
      transcript.awaitEnd(lingerNs);
      if (transcript.failure() == null) {
        socket.shutdownOutput();
        transcript.awaitEnd(timeoutNs); // the server closes its side in turn
      }
      return 0;
    } catch (IOException e) {
      if (transcript.hasEnded()) {
        return serverEnded(transcript, out);
      }
      throw PeerFailures.lost(to, e, timeoutNs);
    } finally {
      socket.close();
      reader.join(TimeUnit.NANOSECONDS.toMillis(timeoutNs));
    }
  }

  /** The server ended the connection before we were done: say so, and how. */
  private int serverEnded(Transcript transcript, PrintWriter out) throws IOException {
    IOException failure = transcript.failure();
    if (failure != null) {
      throw PeerFailures.lost(to, failure, timeoutNs);
    }
    out.printf("* the chat server at %s closed the connection%n", to);
    out.flush();
    return 0;
  }

  /** Feeds stdin's lines to the queue, then its end. */
  private static void readStdin(InputStream in, BlockingQueue<Input> inputs) {
    try {
      BufferedReader stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
        inputs.add(new Input(line, false));
      }
    } catch (IOException e) {
      // stdin failed: treat it as ended
    }
    inputs.add(Input.STDIN_ENDED);
  }

  /** A line to send, or one of the two ends the sending loop waits for. */
  private record Input(String line, boolean marker) {
    static final Input STDIN_ENDED = new Input("", true);
    static final Input CONNECTION_ENDED = new Input("", true);
  }

  private static void send(OutputStream output, String line) throws IOException {
    output.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    output.flush();
  }

  /** What the reader thread has seen; waited on by the sending thread. */
  private static final class Transcript {

    private final PrintWriter out;
    private final BlockingQueue<Input> inputs;
    private final Set<String> botsHeard = new HashSet<>();
    private String myName;
    private int ownLines;
    private boolean ended;
    private IOException failure;

    Transcript(PrintWriter out, BlockingQueue<Input> inputs) {
      this.out = out;
      this.inputs = inputs;
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
        end(socket.isClosed() ? null : e);
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

    private synchronized void end(IOException why) {
      ended = true;
      failure = why;
      notifyAll();
      inputs.add(Input.CONNECTION_ENDED);
    }

    synchronized IOException failure() {
      return failure;
    }

    synchronized boolean hasEnded() {
      return ended;
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
