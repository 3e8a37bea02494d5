package org.minitransport.demo.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.socket.TcpHandler;
import org.minitransport.tcp.socket.TcpSession;

/**
 * Simulated chat users for {@code chat-client --bots N} on the simulated network: {@code N}
 * non-blocking connections from one host, named {@code bot1..botN}. Each bot greets every other
 * (non-bot) user who joins with one line, {@code hello <name>, I am botK}, so the broadcast is
 * visible from a single command.
 */
final class ChatBots {

  private ChatBots() {}

  /** The name of bot {@code k} (1-based). */
  static String name(int k) {
    return "bot" + k;
  }

  /** Whether {@code line} (as a client prints it) was said by a bot, and which one. */
  static String speaker(String line) {
    int colon = line.indexOf(": ");
    if (colon <= 0 || !line.substring(0, colon).matches("bot[0-9]+")) {
      return null;
    }
    return line.substring(0, colon);
  }

  /**
   * Connects {@code count} bots from {@code host} to the chat server and waits until the server
   * has named every one of them, so that each will hear whoever joins next.
   *
   * @throws IOException if a bot cannot connect or is not named within {@code timeoutNs}
   */
  static void start(DemoNetwork.DemoHost host, Endpoint server, int count, long timeoutNs)
      throws IOException, InterruptedException {
    Set<String> bots = new HashSet<>();
    for (int k = 1; k <= count; k++) {
      bots.add(name(k));
    }
    CountDownLatch named = new CountDownLatch(count);
    List<CompletableFuture<TcpSession>> connections = new ArrayList<>();
    for (int k = 1; k <= count; k++) {
      connections.add(host.tcp().connect(server, new Bot(name(k), bots, named)));
    }
    try {
      CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new))
          .get(timeoutNs, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException("a chat bot could not connect to " + server + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("chat bots could not connect to " + server + " within "
          + timeoutNs / 1_000_000 + " ms");
    }
    if (!named.await(timeoutNs, TimeUnit.NANOSECONDS)) {
      throw new IOException("the chat server at " + server + " did not name every bot within "
          + timeoutNs / 1_000_000 + " ms");
    }
  }

  /** One bot's connection (host thread). */
  private static final class Bot implements TcpHandler {

    private final String name;
    private final Set<String> bots;
    private final CountDownLatch named;
    private final LineSplitter lines = new LineSplitter(ChatMember.MAX_LINE_BYTES);
    private final byte[] buffer = new byte[4096];
    private final Set<String> greeted = new HashSet<>();

    Bot(String name, Set<String> bots, CountDownLatch named) {
      this.name = name;
      this.bots = bots;
      this.named = named;
    }

    @Override
    public void onConnected(TcpSession session) {
      say(session, "NAME " + name);
    }

    @Override
    public void onReadable(TcpSession session) {
      try {
        int n;
        while ((n = session.read(buffer)) > 0) {
          lines.accept(buffer, 0, n, line -> hear(session, line));
        }
        if (n < 0) {
          session.close();
        }
      } catch (IOException e) {
        session.abort();
      }
    }

    private void hear(TcpSession session, String line) {
      if (line.equals("* you are " + name)) {
        named.countDown();
        return;
      }
      if (line.startsWith("* ") && line.contains(" joined")) {
        String who = line.substring(2, line.indexOf(" joined"));
        if (!bots.contains(who) && greeted.add(who)) {
          say(session, "hello " + who + ", I am " + name);
        }
      }
    }

    /** Bots say a few short lines in their life: they always fit a fresh send buffer. */
    private void say(TcpSession session, String line) {
      try {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (session.write(bytes) < bytes.length) {
          session.abort();
        }
      } catch (IOException e) {
        session.abort();
      }
    }
  }
}
