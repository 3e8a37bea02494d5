package org.minitransport.benchmarks.tcp;

import java.net.BindException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.DropReason;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.NetworkTraceListener;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;
import org.minitransport.tcp.LossRecoveryCounters;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpEndpoint;
import org.minitransport.tcp.TcpListener;

/**
 * One bulk tcp-lite transfer between two simulated hosts on one thread in virtual time: the
 * client writes {@code bytes} as fast as the windows allow, the server reads and discards.
 * Loss applies to the data direction only, as in the Mathis and PFTK models.
 */
final class SimulatedBulkTransfer {

  /** What one run measured. */
  record Result(long bytes, double simulatedSeconds, double wallSeconds, long retransmissions,
      long segmentsSent, int mss, long timeouts, long segmentsLost,
      LossRecoveryCounters counters) {

    double goodputBitsPerSecond() {
      return bytes * 8 / simulatedSeconds;
    }
  }

  private SimulatedBulkTransfer() {}

  static Result run(long seed, long bytes, long oneWayDelayNs, double dataLoss, TcpConfig config)
      throws BindException {
    return run(seed, bytes, oneWayDelayNs, dataLoss, config, null);
  }

  /**
   * The same transfer with {@code trace} watching every packet event of the network (null for
   * none): the client is 10.0.0.1, the server 10.0.0.2.
   */
  static Result run(long seed, long bytes, long oneWayDelayNs, double dataLoss, TcpConfig config,
      NetworkTraceListener trace) throws BindException {
    long wallStart = System.nanoTime();
    VirtualClock clock = new VirtualClock();
    SimulatedNetwork network =
        new SimulatedNetwork(seed, clock, LinkConfig.builder().delayNs(oneWayDelayNs).build());
    Ipv4Address clientAddress = Ipv4Address.parse("10.0.0.1");
    Ipv4Address serverAddress = Ipv4Address.parse("10.0.0.2");
    network.setLink(clientAddress, serverAddress,
        LinkConfig.builder().delayNs(oneWayDelayNs).lossProbability(dataLoss).build());
    if (trace != null) {
      network.setTraceListener(trace);
    }
    SimulationDriver sim = new SimulationDriver(network, clock);
    sim.setMaxSteps(Long.MAX_VALUE / 2);
    Host client = sim.addHost(HostConfig.of(clientAddress));
    Host server = sim.addHost(HostConfig.of(serverAddress));
    TcpEndpoint clientTcp = TcpEndpoint.install(client, config, seed, 1);
    TcpEndpoint serverTcp = TcpEndpoint.install(server, config, seed, 2);
    TcpListener listener = serverTcp.listen(new Endpoint(Ipv4Address.ANY, 5001), 1, false);
    TcpConnection sender = clientTcp.connect(0, null, new Endpoint(serverAddress, 5001), null);
    byte[] chunk = new byte[256 * 1024];
    byte[] sink = new byte[256 * 1024];
    long[] written = {0};
    long[] read = {0};
    TcpConnection[] receiver = new TcpConnection[1];
    long[] doneAtNs = {-1};
    TcpEndpoint.EventListener events = new TcpEndpoint.EventListener() {
      @Override
      public void onEvent(TcpConnection connection, TcpConnection.Event event) {
        long now = clock.nanoTime();
        if (connection == sender && written[0] < bytes) {
          while (written[0] < bytes) {
            int n = sender.write(now, chunk, 0, (int) Math.min(chunk.length, bytes - written[0]));
            if (n == 0) {
              break;
            }
            written[0] += n;
          }
          if (written[0] == bytes) {
            sender.shutdownOutput(now);
          }
          clientTcp.flush(now, sender);
        } else if (connection == receiver[0]) {
          int n;
          while ((n = connection.read(now, sink, 0, sink.length)) > 0) {
            read[0] += n;
          }
          if (read[0] == bytes && doneAtNs[0] < 0) {
            doneAtNs[0] = now;
          }
          serverTcp.flush(now, connection);
        }
      }

      @Override
      public void onAcceptable(TcpListener ready) {
        receiver[0] = serverTcp.accept(ready);
      }
    };
    clientTcp.setEventListener(events);
    serverTcp.setEventListener(events);
    sim.runUntil(() -> doneAtNs[0] >= 0 || sender.failure().isPresent());
    if (doneAtNs[0] < 0) {
      throw new IllegalStateException("transfer failed: " + sender + " read " + read[0]);
    }
    return new Result(bytes, doneAtNs[0] / 1e9, (System.nanoTime() - wallStart) / 1e9,
        sender.retransmittedSegments(), clientTcp.counters().outSegments(), sender.sendMss(),
        sender.lossRecoveryCounters().timeouts(),
        network.linkCounters(clientAddress, serverAddress).dropped(DropReason.LOSS),
        sender.lossRecoveryCounters());
  }
}
