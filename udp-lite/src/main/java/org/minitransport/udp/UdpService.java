package org.minitransport.udp;

import java.net.BindException;
import java.net.SocketException;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.HostExecutor;
import org.minitransport.core.stack.Host;

/**
 * udp-lite on one host: installs a {@link UdpEndpoint} and opens {@link UdpSocket}s. Obtain one
 * per host, from any thread:
 *
 * <pre>{@code
 * EventLoop loop = EventLoop.start("host-10.0.0.1");
 * Host host = loop.addHost(network, HostConfig.of(Ipv4Address.parse("10.0.0.1")));
 * UdpService udp = UdpService.install(host, loop);
 * try (UdpSocket socket = udp.open(Endpoint.of("0.0.0.0", 5000))) { ... }
 * }</pre>
 *
 * In a deterministic simulation pass {@code SimulationDriver.executor()} instead of a loop and
 * use the non-blocking {@link UdpSocket#tryReceive()}.
 */
public final class UdpService {

  private final UdpEndpoint endpoint;
  private final HostExecutor executor;

  private UdpService(UdpEndpoint endpoint, HostExecutor executor) {
    this.endpoint = endpoint;
    this.executor = executor;
  }

  /**
   * Installs udp-lite (the reference {@link BufferedUdpEndpoint}) on {@code host}, whose thread is
   * {@code executor}.
   *
   * @throws IllegalArgumentException if the host already has a UDP handler
   */
  public static UdpService install(Host host, HostExecutor executor) {
    return install(host, executor, UdpEndpointFactory.REFERENCE);
  }

  /**
   * Installs udp-lite on {@code host} with the endpoint {@code endpoints} makes (a student's, in
   * a course).
   *
   * @throws IllegalArgumentException if the host already has a UDP handler, or the factory's
   *     endpoint is not for protocol 17
   */
  public static UdpService install(
      Host host, HostExecutor executor, UdpEndpointFactory endpoints) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(endpoints, "endpoints");
    UdpEndpoint endpoint;
    try {
      endpoint = executor.call(() -> {
        UdpEndpoint made = Objects.requireNonNull(endpoints.create(), "the factory's endpoint");
        host.register(made);
        return made;
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not install udp-lite on " + host.address(), e);
    }
    return new UdpService(endpoint, executor);
  }

  /** Opens a socket bound to {@code local} with default options. */
  public UdpSocket open(Endpoint local) throws SocketException {
    return open(local, UdpSocketOptions.defaults());
  }

  /**
   * Opens a socket bound to {@code local}: port 0 picks an ephemeral port, address 0.0.0.0 binds
   * every local address.
   *
   * @throws BindException if the port is in use (the message names the holder), well-known on an
   *     unprivileged host, or the address is not this host's
   * @throws SocketException if the host has shut down
   */
  public UdpSocket open(Endpoint local, UdpSocketOptions options) throws SocketException {
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(options, "options");
    try {
      UdpBinding binding = executor.call(() -> endpoint.open(local, options));
      return new UdpSocket(this, binding);
    } catch (BindException e) {
      throw e;
    } catch (RejectedExecutionException e) {
      throw new SocketException("host " + address() + " has shut down");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SocketException("could not open UDP socket on " + local + ": " + e);
    }
  }

  /** Opens a socket on an ephemeral port of every local address. */
  public UdpSocket openEphemeral() throws SocketException {
    return open(new Endpoint(Ipv4Address.ANY, 0));
  }

  /** Host-wide UDP counters. */
  public UdpCounters counters() {
    return endpoint.counters();
  }

  /** The host's address. */
  public Ipv4Address address() {
    return endpoint.address();
  }

  /** The largest datagram payload: MTU − 28. */
  public int maxPayload() {
    return endpoint.maxPayload();
  }

  UdpEndpoint endpoint() {
    return endpoint;
  }

  HostExecutor executor() {
    return executor;
  }
}
