package org.minitransport.tcp;

import java.net.BindException;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.driver.SimulationStalledException;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.stack.HostContext;
import org.minitransport.core.stack.ProtocolHandler;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.core.wire.Ipv4Packet;

/**
 * One client–server exchange over a seeded {@link SimulatedNetwork}, with a scripted application
 * on each side: both write their own byte stream in chunks, read in chunks, pause at random,
 * shut their output down (a half-close, right after writing or only after the peer's end of
 * stream) and keep reading until the end. Everything random comes from the seed, so a run is a
 * pure function of its inputs.
 *
 * <p>The applications check every byte as it is read, so a corrupted, duplicated or reordered
 * byte fails the run at once with its index. {@link #run} returns the {@link Outcome} for the
 * caller's delivery rules, and throws if the simulation goes quiet before both connections are
 * CLOSED (a deadlock) or exhausts its step budget (a livelock).
 */
final class SimulatedTransfer {

  static final int PORT = 5001;
  /** IPv4 protocol 253 is for experiments (RFC 3692); the application timer borrows it. */
  private static final int APP_TIMER_PROTOCOL = 253;

  /** One side's application and TCP configuration. */
  record Side(int bytes, int writeChunk, int readChunk, int pausePercent, long maxPauseNs,
      boolean shutdownAfterWriting, TcpConfig config) {

    @Override
    public String toString() {
      return "Side[" + bytes + " bytes, write " + writeChunk + ", read " + readChunk + ", pause "
          + pausePercent + "% up to " + maxPauseNs / 1_000_000 + " ms, shutdown "
          + (shutdownAfterWriting ? "after writing" : "after EOF") + ", buffers "
          + config.sendBufferBytes() + "/" + config.receiveBufferBytes() + ", noDelay "
          + config.noDelay() + ", sack " + config.sack() + ", ts " + config.timestamps()
          + ", wscale " + config.windowScaling() + ", delack " + config.delayedAckNs() / 1_000_000
          + " ms, R2 " + config.retriesBeforeAbort() + ", user timeout "
          + config.userTimeoutNs() / 1_000_000_000 + " s]";
    }
  }

  /** What each application saw, and what each endpoint counted. */
  record Outcome(AppView client, AppView server, long virtualTimeNs, long steps,
      int clientPortsLeft, int serverPortsLeft, long retransmissions, TcpCounters clientCounters,
      TcpCounters serverCounters) {

    @Override
    public String toString() {
      return "Outcome[client=" + client + ", server=" + server + ", virtualTimeNs="
          + virtualTimeNs + ", steps=" + steps + ", clientPortsLeft=" + clientPortsLeft
          + ", serverPortsLeft=" + serverPortsLeft + ", retransmissions=" + retransmissions + "]";
    }
  }

  /** One application's view: what it wrote, read, and whether it saw an error. */
  record AppView(int toWrite, int written, int expectedToRead, int read, boolean endOfStream,
      Optional<TcpConnection.Failure> failure, boolean connected, TcpState finalState) {

    boolean sawError() {
      return failure.isPresent() || !connected;
    }

    boolean receivedEverything() {
      return read == expectedToRead && endOfStream;
    }
  }

  private SimulatedTransfer() {}

  /**
   * Runs the exchange to the end: both connections CLOSED, then the simulation idle.
   *
   * @throws AssertionError on a corrupted byte, a deadlock or a livelock
   */
  static Outcome run(long seed, LinkConfig link, Side clientSide, Side serverSide,
      long maxSteps) {
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network = new SimulatedNetwork(seed, clock, link);
    SimulationDriver sim = new SimulationDriver(network, clock);
    sim.setMaxSteps(maxSteps);
    return run(sim, seed, clientSide, serverSide);
  }

  /** Runs the exchange on an existing simulation (two hosts are added to it). */
  static Outcome run(SimulationDriver sim, long seed, Side clientSide, Side serverSide) {
    return run(sim, seed, clientSide, serverSide, (client, server) -> { });
  }

  /**
   * Runs the exchange on an existing simulation; {@code onHosts} sees the client and server hosts
   * before anything is sent (to install an attacker, say).
   */
  static Outcome run(SimulationDriver sim, long seed, Side clientSide, Side serverSide,
      BiConsumer<Host, Host> onHosts) {
    Host clientHost = sim.addHost(HostConfig.of(TwoHosts.CLIENT));
    Host serverHost = sim.addHost(HostConfig.of(TwoHosts.SERVER));
    onHosts.accept(clientHost, serverHost);
    TcpEndpoint clientTcp = TcpEndpoint.install(clientHost, clientSide.config(), seed, 1);
    TcpEndpoint serverTcp = TcpEndpoint.install(serverHost, serverSide.config(), ~seed, 2);
    byte[] clientData = data(clientSide.bytes(), seed * 31 + 1);
    byte[] serverData = data(serverSide.bytes(), seed * 31 + 2);
    Random random = new Random(seed);
    App client = new App("client", clientSide, clientData, serverData, clientTcp,
        new Random(random.nextLong()));
    App server = new App("server", serverSide, serverData, clientData, serverTcp,
        new Random(random.nextLong()));
    clientHost.register(client.timer);
    serverHost.register(server.timer);
    TcpListener listener;
    try {
      listener = serverTcp.listen(Endpoint.of("0.0.0.0", PORT), 4, false);
      client.connection = clientTcp.connect(sim.nowNs(), null,
          new Endpoint(TwoHosts.SERVER, PORT), null);
    } catch (BindException e) {
      throw new AssertionError(e);
    }
    boolean finished;
    try {
      finished = sim.runUntil(() -> {
        long now = sim.nowNs();
        if (server.connection == null) {
          server.connection = serverTcp.accept(listener);
        }
        client.act(now);
        server.act(now);
        return client.connection.state() == TcpState.CLOSED
            && server.connection != null && server.connection.state() == TcpState.CLOSED;
      });
    } catch (SimulationStalledException e) {
      throw new AssertionError("livelock: " + e.getMessage() + "\n  client " + client
          + " sndUna " + client.connection.sndUnaAbs() + " sndNxt "
          + client.connection.sndNxtAbs() + " " + client.connection.negotiatedOptions()
          + "\n  server " + server + (server.connection == null ? "" : " sndUna "
          + server.connection.sndUnaAbs() + " sndNxt " + server.connection.sndNxtAbs() + " "
          + server.connection.negotiatedOptions()), e);
    }
    if (!finished) {
      // Idle: acceptable only if the client gave up before the server ever accepted.
      server.connection = server.connection == null ? serverTcp.accept(listener)
          : server.connection;
      boolean clientGaveUp = client.connection.failure().isPresent() && server.connection == null;
      if (!clientGaveUp) {
        throw new AssertionError("deadlock: the simulation went idle at " + sim.nowNs()
            + " ns with client " + client + " and server " + server);
      }
    }
    sim.runUntilIdle();
    // A paused application still gets to read what its closed connection holds.
    client.drain(sim.nowNs());
    server.drain(sim.nowNs());
    serverTcp.closeListener(sim.nowNs(), listener);
    sim.runUntilIdle();
    long retransmissions = clientTcp.counters().retransmittedSegments()
        + serverTcp.counters().retransmittedSegments();
    return new Outcome(client.view(), server.view(), sim.nowNs(), sim.totalSteps(),
        clientHost.portTable(IpProtocol.TCP).size(), serverHost.portTable(IpProtocol.TCP).size(),
        retransmissions, clientTcp.counters(), serverTcp.counters());
  }

  static byte[] data(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  /** Wakes a paused application: a handler whose only job is a timer on the host. */
  private static final class AppTimer implements ProtocolHandler {
    long wakeNs = Long.MAX_VALUE;

    @Override
    public int protocolNumber() {
      return APP_TIMER_PROTOCOL;
    }

    @Override
    public void attach(HostContext context) {}

    @Override
    public void handlePacket(long nowNs, Ipv4Packet packet) {}

    @Override
    public long pollTimeoutNs() {
      return wakeNs;
    }

    @Override
    public void handleTimeout(long nowNs) {
      if (wakeNs <= nowNs) {
        wakeNs = Long.MAX_VALUE;
      }
    }
  }

  /** The scripted application of one side. */
  private static final class App {
    final String name;
    final Side side;
    final byte[] toWrite;
    final byte[] expected;
    final TcpEndpoint tcp;
    final Random random;
    final AppTimer timer = new AppTimer();
    final byte[] buffer;
    TcpConnection connection;
    boolean everConnected;
    int written;
    int read;
    boolean endOfStream;
    boolean shutdown;
    long sleepUntilNs;

    App(String name, Side side, byte[] toWrite, byte[] expected, TcpEndpoint tcp, Random random) {
      this.name = name;
      this.side = side;
      this.toWrite = toWrite;
      this.expected = expected;
      this.tcp = tcp;
      this.random = random;
      this.buffer = new byte[Math.max(1, side.readChunk())];
    }

    void act(long now) {
      if (connection == null || now < sleepUntilNs) {
        return;
      }
      everConnected |= connection.state().isSynchronized();
      readWhatIsThere(now);
      TcpState state = connection.state();
      while (state != TcpState.CLOSED && !shutdown && written < toWrite.length
          && connection.sendCapacity() > 0) {
        int chunk = Math.min(side.writeChunk(), toWrite.length - written);
        written += connection.write(now, toWrite, written, chunk);
      }
      if (state != TcpState.CLOSED && !shutdown && written == toWrite.length
          && (side.shutdownAfterWriting() || endOfStream)) {
        connection.shutdownOutput(now);
        shutdown = true;
      }
      tcp.flush(now, connection);
      if (side.pausePercent() > 0 && side.maxPauseNs() > 0
          && random.nextInt(100) < side.pausePercent()) {
        sleepUntilNs = now + 1 + (long) (random.nextDouble() * side.maxPauseNs());
        timer.wakeNs = Math.min(timer.wakeNs, sleepUntilNs);
      }
    }

    void drain(long now) {
      if (connection != null) {
        readWhatIsThere(now);
      }
    }

    private void readWhatIsThere(long now) {
      int n;
      while ((n = connection.read(now, buffer, 0, buffer.length)) > 0) {
        check(n);
      }
      if (connection.isInputFinished()) {
        endOfStream = true;
      }
    }

    private void check(int n) {
      for (int i = 0; i < n; i++) {
        if (read + i >= expected.length) {
          throw new AssertionError(name + " read more bytes than the peer wrote: byte "
              + (read + i) + " of " + expected.length);
        }
        if (buffer[i] != expected[read + i]) {
          throw new AssertionError(name + " read a wrong byte at index " + (read + i)
              + ": " + buffer[i] + " instead of " + expected[read + i]);
        }
      }
      read += n;
    }

    AppView view() {
      return new AppView(toWrite.length, written, expected.length, read, endOfStream,
          connection == null ? Optional.empty() : connection.failure(),
          connection != null && everConnected,
          connection == null ? TcpState.CLOSED : connection.state());
    }

    @Override
    public String toString() {
      return name + "[" + connection + " wrote " + written + "/" + toWrite.length + " read " + read
          + "/" + expected.length + (endOfStream ? " EOF" : "") + (shutdown ? " shut" : "") + "]";
    }
  }
}
