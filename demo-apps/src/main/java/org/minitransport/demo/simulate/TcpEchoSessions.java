package org.minitransport.demo.simulate;

import java.net.BindException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.stack.Host;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;

/**
 * N concurrent TCP echo sessions in one deterministic simulation: each client connects, sends its
 * own pseudo-random bytes and half-closes; the server echoes everything back and closes after the
 * client's FIN; the client checks the echo's SHA-256 against what it sent.
 *
 * <p>Runs on the simulation thread, driven by the endpoints' events, so only sessions with
 * something to do are touched per step.
 */
final class TcpEchoSessions {

  static final int ECHO_PORT = 7;

  private final SimulationDriver sim;
  /** One endpoint per client host; session i runs on {@code clientTcps.get(i % size)}. */
  private final java.util.List<TcpEndpoint> clientTcps = new java.util.ArrayList<>();
  private final TcpEndpoint serverTcp;
  private final TcpListener listener;
  private final Map<TcpConnection, ClientSession> clients = new HashMap<>();
  private final Map<TcpConnection, ServerSession> servers = new HashMap<>();
  private final LinkedHashSet<TcpConnection> dirty = new LinkedHashSet<>();
  private final byte[] scratch = new byte[64 * 1024];
  private int finished;
  private int verified;
  private long bytesDelivered;
  private long lastFinishNs;
  private final java.util.TreeMap<String, Integer> failures = new java.util.TreeMap<>();

  TcpEchoSessions(SimulationDriver sim, java.util.List<Host> clientHosts, Host server,
      TcpConfig config, long seed, int sessions) throws BindException {
    this.sim = sim;
    SplittableRandom secrets = new SplittableRandom(seed);
    this.serverTcp = TcpEndpoint.install(server, config, secrets.nextLong(), secrets.nextLong());
    for (Host client : clientHosts) {
      clientTcps.add(TcpEndpoint.install(client, config, secrets.nextLong(), secrets.nextLong()));
    }
    TcpEndpoint.EventListener mark = new TcpEndpoint.EventListener() {
      @Override
      public void onEvent(TcpConnection connection, TcpConnection.Event event) {
        dirty.add(connection);
      }

      @Override
      public void onAcceptable(TcpListener ready) {
        acceptAll();
      }
    };
    clientTcps.forEach(tcp -> tcp.setEventListener(mark));
    serverTcp.setEventListener(mark);
    this.listener = serverTcp.listen(new Endpoint(Ipv4Address.ANY, ECHO_PORT),
        Math.max(sessions, 1), false);
  }

  /** Opens every client connection at the current time. */
  void start(int sessions, long bytesPerSession, long seed) throws BindException {
    Endpoint server = new Endpoint(serverTcp.address(), ECHO_PORT);
    for (int i = 0; i < sessions; i++) {
      TcpEndpoint clientTcp = clientTcps.get(i % clientTcps.size());
      TcpConnection connection = clientTcp.connect(sim.nowNs(), null, server, null);
      clients.put(connection, new ClientSession(clientTcp, connection, bytesPerSession, seed + i));
    }
  }

  /** Steps the simulation until every session has finished or nothing is left to do. */
  void run(IntConsumer progress, Runnable afterStep) {
    int reported = -1;
    while (finished < clients.size()) {
      serviceDirty();
      afterStep.run();
      if (finished != reported) {
        progress.accept(finished);
        reported = finished;
      }
      if (finished >= clients.size() || !sim.step()) {
        break;
      }
    }
    serviceDirty();
    progress.accept(finished);
  }

  int verified() {
    return verified;
  }

  long bytesDelivered() {
    return bytesDelivered;
  }

  /** Failed sessions by reason: a connection failure, or a corrupted or short echo. */
  Map<String, Integer> failures() {
    return failures;
  }

  long lastFinishNs() {
    return lastFinishNs;
  }

  long retransmissions() {
    return clientTcps.stream().mapToLong(tcp -> tcp.counters().retransmittedSegments()).sum()
        + serverTcp.counters().retransmittedSegments();
  }

  long checksumDrops() {
    return clientTcps.stream().mapToLong(tcp -> tcp.counters().inChecksumErrors()).sum()
        + serverTcp.counters().inChecksumErrors();
  }

  /** One connection of the client side, for plots. */
  TcpConnection firstClient() {
    return clients.keySet().stream().findFirst().orElse(null);
  }

  private void acceptAll() {
    for (TcpConnection c = serverTcp.accept(listener); c != null; c = serverTcp.accept(listener)) {
      servers.put(c, new ServerSession(c));
      dirty.add(c);
    }
  }

  private void serviceDirty() {
    while (!dirty.isEmpty()) {
      TcpConnection connection = dirty.iterator().next();
      dirty.remove(connection);
      ClientSession client = clients.get(connection);
      if (client != null) {
        client.service();
        client.endpoint.flush(sim.nowNs(), connection);
        continue;
      }
      ServerSession server = servers.get(connection);
      if (server != null) {
        server.service();
        serverTcp.flush(sim.nowNs(), connection);
      }
    }
  }

  private final class ClientSession {
    final TcpEndpoint endpoint;
    final TcpConnection connection;
    final long length;
    final SplittableRandom source;
    final MessageDigest sent = sha256();
    final MessageDigest echoed = sha256();
    long written;
    long received;
    boolean done;

    ClientSession(TcpEndpoint endpoint, TcpConnection connection, long length, long seed) {
      this.endpoint = endpoint;
      this.connection = connection;
      this.length = length;
      this.source = new SplittableRandom(seed);
    }

    void service() {
      if (done) {
        return;
      }
      long now = sim.nowNs();
      if (connection.failure().isPresent()) {
        failures.merge(connection.failure().get().name().toLowerCase(java.util.Locale.ROOT), 1,
            Integer::sum);
        finish(false);
        return;
      }
      if (connection.state().isSynchronized() && !connection.isOutputShutdown()) {
        // Make only the bytes the send buffer takes now, in the shared scratch array: a session
        // holds no bytes of its own between steps (100,000 sessions must fit in the heap).
        int room;
        while (written < length && (room = connection.sendCapacity()) > 0) {
          int n = (int) Math.min(Math.min(room, scratch.length), length - written);
          fillRandom(source, scratch, n);
          sent.update(scratch, 0, n);
          int taken = connection.write(now, scratch, 0, n);
          if (taken != n) {
            throw new IllegalStateException("the send buffer took " + taken + " of the " + n
                + " bytes sendCapacity() promised");
          }
          written += n;
        }
        if (written == length) {
          connection.shutdownOutput(now);
        }
      }
      int n;
      while ((n = connection.read(now, scratch, 0, scratch.length)) > 0) {
        echoed.update(scratch, 0, n);
        received += n;
        bytesDelivered += n;
      }
      if (connection.isInputFinished()) {
        boolean intact = received == length && MessageDigest.isEqual(sent.digest(), echoed.digest());
        if (!intact) {
          failures.merge(received == length ? "echo_mismatch" : "echo_short", 1, Integer::sum);
        }
        finish(intact);
      }
    }

    private void finish(boolean ok) {
      done = true;
      finished++;
      if (ok) {
        verified++;
      }
      lastFinishNs = sim.nowNs();
    }
  }

  private final class ServerSession {
    final TcpConnection connection;
    static final int MAX_BUFFERED = 64 * 1024;
    final ArrayDeque<byte[]> toEcho = new ArrayDeque<>();
    int headOffset;
    int buffered;

    ServerSession(TcpConnection connection) {
      this.connection = connection;
    }

    void service() {
      long now = sim.nowNs();
      if (connection.failure().isPresent()) {
        return;
      }
      boolean progress = true;
      while (progress) {
        progress = false;
        // Read only what we can hold, so a slow echo pushes back on the client (flow control).
        int room = Math.min(scratch.length, MAX_BUFFERED - buffered);
        int n = room > 0 ? connection.read(now, scratch, 0, room) : 0;
        if (n > 0) {
          byte[] chunk = new byte[n];
          System.arraycopy(scratch, 0, chunk, 0, n);
          toEcho.add(chunk);
          buffered += n;
          bytesDelivered += n;
          progress = true;
        }
        while (!toEcho.isEmpty() && !connection.isOutputShutdown()) {
          byte[] head = toEcho.peek();
          int written = connection.write(now, head, headOffset, head.length - headOffset);
          headOffset += written;
          buffered -= written;
          progress |= written > 0;
          if (headOffset < head.length) {
            break;
          }
          toEcho.poll();
          headOffset = 0;
        }
      }
      if (toEcho.isEmpty() && connection.isInputFinished() && !connection.isOutputShutdown()) {
        connection.shutdownOutput(now);
      }
    }
  }

  /** The next {@code n} pseudo-random bytes of {@code source} into {@code dst[0, n)}. */
  private static void fillRandom(SplittableRandom source, byte[] dst, int n) {
    for (int i = 0; i < n; i += 8) {
      long bits = source.nextLong();
      for (int j = i; j < Math.min(n, i + 8); j++, bits >>>= 8) {
        dst[j] = (byte) bits;
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
