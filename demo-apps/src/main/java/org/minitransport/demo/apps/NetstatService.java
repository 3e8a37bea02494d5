package org.minitransport.demo.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.stack.HostDropReason;
import org.minitransport.core.wire.DecodeException;
import org.minitransport.demo.cli.CounterText;
import org.minitransport.demo.net.DemoNetwork;
import org.minitransport.tcp.TcpInfo;
import org.minitransport.udp.ReceivedDatagram;
import org.minitransport.udp.UdpSocket;

/**
 * Answers netstat queries ({@link NetstatProtocol}) on UDP port 11 of a host with the host's port
 * table, every TCP counter ({@link org.minitransport.tcp.TcpCounters#snapshot()}: listen drops and
 * overflows, SYN cookies, invalid-flag and bad-source drops, and whatever else it counts) and the
 * host's IP drops by reason, so that {@code minitransport netstat --target ADDRESS} can look into
 * a server running in another process. Every long-running server command starts one when it runs
 * on the UDP network:
 *
 * <pre>{@code
 * try (NetstatService netstat = NetstatService.startIfShared(network, server)) { ... }
 * }</pre>
 *
 * <p>One daemon thread receives requests; the snapshot is taken on the host's thread. Malformed
 * requests are ignored. Closing frees the port and ends the thread.
 */
public final class NetstatService implements Closeable {

  private static final System.Logger LOG = System.getLogger(NetstatService.class.getName());

  private final DemoNetwork.DemoHost host;
  private final UdpSocket socket;
  private final Thread thread;
  private final Supplier<List<String>> networkStatus;

  private NetstatService(DemoNetwork.DemoHost host, UdpSocket socket,
      Supplier<List<String>> networkStatus) {
    this.host = host;
    this.socket = socket;
    this.networkStatus = networkStatus;
    this.thread = new Thread(this::serve, "netstat-" + host.address());
    this.thread.setDaemon(true);
  }

  /**
   * Starts answering on UDP port 11 of {@code host}.
   *
   * @throws java.net.BindException if the port is taken on that host
   */
  public static NetstatService start(DemoNetwork.DemoHost host) throws IOException {
    return start(host, List::of);
  }

  /**
   * Starts answering on UDP port 11 of {@code host}, with {@code networkStatus}'s lines (socket
   * buffers, OS drops, impairments) below the port table.
   *
   * @throws java.net.BindException if the port is taken on that host
   */
  public static NetstatService start(DemoNetwork.DemoHost host,
      Supplier<List<String>> networkStatus) throws IOException {
    UdpSocket socket = host.udp().open(new Endpoint(Ipv4Address.ANY, NetstatProtocol.PORT));
    NetstatService service = new NetstatService(host, socket, networkStatus);
    service.thread.start();
    return service;
  }

  /**
   * {@link #start} if {@code network} is the UDP network (only other processes need to ask);
   * otherwise null, which try-with-resources accepts.
   */
  public static NetstatService startIfShared(DemoNetwork network, DemoNetwork.DemoHost host)
      throws IOException {
    return network.isShared()
        ? start(host, () -> network.networkStatus(host.address())) : null;
  }

  /** Where the service answers. */
  public Endpoint localEndpoint() {
    return socket.localEndpoint();
  }

  private void serve() {
    while (!socket.isClosed()) {
      ReceivedDatagram request;
      try {
        request = socket.receive();
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        continue; // e.g. an ICMP error for an earlier answer; keep serving
      }
      try {
        String queryId = NetstatProtocol.decodeRequest(request.data());
        for (NetstatProtocol.Part part : NetstatProtocol.split(queryId, report(),
            host.udp().maxPayload())) {
          socket.send(request.source(), part.encode());
        }
      } catch (DecodeException e) {
        LOG.log(System.Logger.Level.DEBUG, "ignored a datagram from " + request.source()
            + " on the netstat port: " + e.getMessage());
      } catch (SocketException closed) {
        return;
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "netstat answer to " + request.source() + " failed",
            e);
      }
    }
  }

  /**
   * The answer: the port table with each connection's queues, the network's lines, then the TCP
   * counters and the IP layer's drops by reason.
   */
  String report() throws Exception {
    List<BindingSnapshot> rows = host.loop().call(host.host()::portSnapshot);
    Map<SocketPair, TcpInfo> connections = new HashMap<>();
    for (TcpInfo info : host.tcp().connectionInfos()) {
      connections.put(info.socketPair(), info);
    }
    StringBuilder text = new StringBuilder(PortTableText.format(rows, connections));
    for (String line : networkStatus.get()) {
      text.append(line).append('\n');
    }
    Map<String, Long> ipDrops = new LinkedHashMap<>();
    for (HostDropReason reason : HostDropReason.values()) {
      ipDrops.put(reason.name(), host.host().counters().dropped(reason));
    }
    return text + "\n"
        + CounterText.table("TCP counters:", host.tcp().counters().snapshot()) + "\n"
        + CounterText.table("IP drops by reason:", ipDrops);
  }

  /** Stops answering and frees the port. Idempotent. */
  @Override
  public void close() {
    socket.close();
  }
}
