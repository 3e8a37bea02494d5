package org.minitransport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.time.VirtualClock;

/**
 * One deterministic multi-host simulation built by {@link SimulationHarness}: a {@link
 * VirtualClock}, a seeded {@link SimulatedNetwork}, a {@link SimulationDriver} and its hosts. A run
 * is a pure function of {@link #seed()}, the configuration and the commands issued between steps.
 *
 * <p>Everything runs on the calling thread: issue commands to the hosts (or to protocol handlers
 * registered on them), then step with {@link #runUntil}, {@link #runUntilIdle} or {@link #runFor};
 * each is bounded by the harness's step budget and throws {@link
 * org.minitransport.core.driver.SimulationStalledException} on a livelock. {@link #close()} closes
 * the hosts, the network and the capture file, if any. Not thread-safe.
 */
public final class Simulation implements AutoCloseable {

  private final long seed;
  private final VirtualClock clock;
  private final SimulatedNetwork network;
  private final SimulationDriver driver;
  private final Map<Ipv4Address, Host> hosts = new LinkedHashMap<>();
  private final PcapWriter pcap;
  private final Path pcapPath;
  private boolean closed;

  Simulation(long seed, VirtualClock clock, SimulatedNetwork network, SimulationDriver driver,
      PcapWriter pcap, Path pcapPath) {
    this.seed = seed;
    this.clock = clock;
    this.network = network;
    this.driver = driver;
    this.pcap = pcap;
    this.pcapPath = pcapPath;
  }

  void addHost(Host host) {
    hosts.put(host.address(), host);
  }

  /** The seed every random choice of the network derives from. */
  public long seed() {
    return seed;
  }

  /**
   * The host at {@code address}.
   *
   * @throws IllegalArgumentException naming the address and the hosts there are if none is there
   */
  public Host host(Ipv4Address address) {
    Host host = hosts.get(Objects.requireNonNull(address, "address"));
    if (host == null) {
      throw new IllegalArgumentException(
          "no host at " + address + " in this simulation; hosts are " + hosts.keySet());
    }
    return host;
  }

  /** The host at the dotted-quad {@code address}, e.g. {@code "10.0.0.1"}. */
  public Host host(String address) {
    return host(Ipv4Address.parse(address));
  }

  /** Every host, in the order they were declared. */
  public List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  public SimulatedNetwork network() {
    return network;
  }

  public SimulationDriver driver() {
    return driver;
  }

  public VirtualClock clock() {
    return clock;
  }

  /** The current virtual time. */
  public long nowNs() {
    return clock.nanoTime();
  }

  /** Where the capture is being written, if the harness was asked for one. */
  public Optional<Path> pcapPath() {
    return Optional.ofNullable(pcapPath);
  }

  /** See {@link SimulationDriver#runUntil}: true if {@code done} holds, false if idle first. */
  public boolean runUntil(BooleanSupplier done) {
    return driver.runUntil(done);
  }

  /** See {@link SimulationDriver#runUntilIdle}. */
  public void runUntilIdle() {
    driver.runUntilIdle();
  }

  /** See {@link SimulationDriver#runFor}: the clock ends exactly {@code durationNs} later. */
  public void runFor(long durationNs) {
    driver.runFor(durationNs);
  }

  /** See {@link SimulationDriver#step}. */
  public boolean step() {
    return driver.step();
  }

  /**
   * Closes the hosts (their handlers release ports), the network and the capture file.
   * Idempotent.
   *
   * @throws UncheckedIOException if the capture file cannot be completed
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.close();
    } finally {
      network.close();
      if (pcap != null) {
        try {
          pcap.close();
        } catch (IOException e) {
          throw new UncheckedIOException("could not finish the capture " + pcapPath, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Simulation[seed " + seed + ", t=" + clock.nanoTime() + " ns, hosts " + hosts.keySet()
        + "]";
  }
}
