package org.minitransport.demo.simulate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.stack.Host;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpEndpointFactory;
import org.minitransport.udp.UdpService;
import org.minitransport.udp.UdpSocket;

/**
 * N concurrent udp-lite request/response sessions in one deterministic simulation. The server
 * answers each request with the SHA-256 of the request; each client sends its requests one at a
 * time, retransmits after a timeout, gives up after its retries, and is verified when every
 * request got its correct reply.
 *
 * <p>udp-lite has no events, so the simulation advances in slices of {@link #SLICE_NS} and every
 * socket is polled (non-blocking) after each slice.
 */
final class UdpQuerySessions {

  static final int QUERY_PORT = 7;
  static final long SLICE_NS = 1_000_000;
  private static final int HEADER = 12;

  private final SimulationDriver sim;
  private final UdpSocket server;
  private final List<Client> clients = new ArrayList<>();
  private final TreeMap<String, Integer> failures = new TreeMap<>();
  private final MessageDigest sha256;
  private int finished;
  private int verified;
  private long bytesDelivered;
  private long retransmissions;
  private long lastFinishNs;

  UdpQuerySessions(SimulationDriver sim, List<Host> clientHosts, Host serverHost,
      UdpEndpointFactory endpoints) throws IOException {
    this.sim = sim;
    this.sha256 = sha256();
    UdpService serverUdp = UdpService.install(serverHost, sim.executor(), endpoints);
    this.server = serverUdp.open(new Endpoint(Ipv4Address.ANY, QUERY_PORT));
    for (Host clientHost : clientHosts) {
      clientUdps.add(UdpService.install(clientHost, sim.executor(), endpoints));
    }
    this.serverAddress = serverHost.address();
  }

  /** One service per client host; session i runs on {@code clientUdps.get(i % size)}. */
  private final List<UdpService> clientUdps = new ArrayList<>();
  private final Ipv4Address serverAddress;

  void start(int sessions, long bytesPerSession, int requestBytes, long timeoutNs, int retries,
      long seed) throws IOException {
    for (int i = 0; i < sessions; i++) {
      Client client = new Client(i, clientUdps.get(i % clientUdps.size()).openEphemeral(), bytesPerSession, requestBytes,
          timeoutNs, retries, new SplittableRandom(seed + i));
      clients.add(client);
      client.sendNext();
    }
  }

  void run(IntConsumer progress, long maxSimulatedNs, Runnable afterStep) throws IOException {
    int reported = -1;
    while (finished < clients.size() && sim.nowNs() < maxSimulatedNs) {
      sim.runFor(SLICE_NS);
      afterStep.run();
      serve();
      for (Client client : clients) {
        client.service();
      }
      if (finished != reported) {
        progress.accept(finished);
        reported = finished;
      }
    }
    for (Client client : clients) {
      if (!client.done) {
        client.fail("unfinished");
      }
    }
  }

  int verified() {
    return verified;
  }

  long bytesDelivered() {
    return bytesDelivered;
  }

  long retransmissions() {
    return retransmissions;
  }

  long lastFinishNs() {
    return lastFinishNs;
  }

  TreeMap<String, Integer> failures() {
    return failures;
  }

  private void serve() throws IOException {
    for (ReceivedDatagram request = server.tryReceive(); request != null;
        request = server.tryReceive()) {
      server.send(request.source(), sha256.digest(request.data()));
    }
  }

  private final class Client {
    final int id;
    final UdpSocket socket;
    final int requests;
    final int requestBytes;
    final long lastRequestBytes;
    final long timeoutNs;
    final int retries;
    final SplittableRandom random;
    int sequence;
    int attempts;
    byte[] request;
    byte[] expectedReply;
    long deadlineNs;
    boolean done;

    Client(int id, UdpSocket socket, long bytes, int requestBytes, long timeoutNs, int retries,
        SplittableRandom random) {
      this.id = id;
      this.socket = socket;
      this.requestBytes = requestBytes;
      this.requests = (int) Math.max(1, (bytes + requestBytes - 1) / requestBytes);
      long rest = bytes - (long) (requests - 1) * requestBytes;
      this.lastRequestBytes = Math.max(rest, HEADER);
      this.timeoutNs = timeoutNs;
      this.retries = retries;
      this.random = random;
    }

    void sendNext() throws IOException {
      int size = (int) (sequence == requests - 1 ? lastRequestBytes : requestBytes);
      request = new byte[Math.max(size, HEADER)];
      random.nextBytes(request);
      ByteBuffer.wrap(request).putLong(id).putInt(sequence);
      expectedReply = sha256.digest(request);
      attempts = 0;
      transmit();
    }

    void transmit() throws IOException {
      socket.send(new Endpoint(serverAddress, QUERY_PORT), request);
      deadlineNs = sim.nowNs() + timeoutNs;
    }

    void service() throws IOException {
      if (done) {
        return;
      }
      for (ReceivedDatagram reply = socket.tryReceive(); reply != null && !done;
          reply = socket.tryReceive()) {
        if (!MessageDigest.isEqual(reply.data(), expectedReply)) {
          continue; // a late reply to an earlier attempt of an earlier request: ignore it
        }
        bytesDelivered += request.length + reply.data().length; // each exchange counted once
        sequence++;
        if (sequence == requests) {
          finish(true);
          return;
        }
        sendNext();
      }
      if (sim.nowNs() >= deadlineNs) {
        if (attempts >= retries) {
          fail("timed_out");
          return;
        }
        attempts++;
        retransmissions++;
        transmit();
      }
    }

    void fail(String reason) {
      failures.merge(reason.toLowerCase(Locale.ROOT), 1, Integer::sum);
      finish(false);
    }

    void finish(boolean ok) {
      done = true;
      finished++;
      if (ok) {
        verified++;
      }
      lastFinishNs = sim.nowNs();
      socket.close();
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
