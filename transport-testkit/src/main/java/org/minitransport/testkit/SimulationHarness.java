package org.minitransport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.driver.SimulationDriver;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;

/**
 * Builds deterministic multi-host simulations: a seed, a default {@link LinkConfig}, per-link
 * overrides and hosts by address, then a {@link VirtualClock}, a {@link SimulatedNetwork} and a
 * {@link SimulationDriver} wired together.
 *
 * <pre>{@code
 * SimulationHarness.builder()
 *     .defaultLink(LinkConfig.builder().delayNs(5_000_000).lossProbability(0.1).build())
 *     .host("10.0.0.1")
 *     .host("10.0.0.2")
 *     .run(sim -> {
 *       Host a = sim.host("10.0.0.1");
 *       a.sendEchoRequest(sim.nowNs(), Ipv4Address.parse("10.0.0.2"), 1, 1, data);
 *       sim.runUntilIdle();
 *       assertNotNull(a.pollEchoReply());
 *     });
 * }</pre>
 *
 * <p><b>Seeds and replay.</b> Without {@link Builder#seed}, each {@link Builder#build} or {@link
 * Builder#run} takes {@link Seeds#pick()}: a fresh seed, or the one fixed by {@code
 * -Dminitransport.seed=N}. {@link Builder#run} reports any failure as an {@link AssertionError}
 * naming the seed and that flag (through {@link Seeds#run}), so every failure can be replayed.
 *
 * <p><b>Capture.</b> {@link Builder#capturePcap} records every packet the hosts send, as sent
 * (before loss, corruption and the rest), to a pcap file whose timestamps are virtual time (the
 * capture starts at 1970-01-01 00:00:00 UTC); open it in Wireshark or judge it with tshark.
 *
 * <p>A builder is not thread-safe and may build several simulations.
 */
public final class SimulationHarness {

  private SimulationHarness() {}

  /** A builder with no hosts, a picked seed and {@link LinkConfig#DEFAULT} links. */
  public static Builder builder() {
    return new Builder();
  }

  /** A test body that receives the simulation; the harness closes it afterwards. */
  @FunctionalInterface
  public interface SimulationBody {
    void run(Simulation simulation) throws Exception;
  }

  /** Configures and builds {@link Simulation}s. */
  public static final class Builder {

    private record LinkOverride(Ipv4Address from, Ipv4Address to, LinkConfig config) {}

    private Long seed;
    private LinkConfig defaultLink = LinkConfig.DEFAULT;
    private final List<LinkOverride> links = new ArrayList<>();
    private final Map<Ipv4Address, HostConfig> hosts = new LinkedHashMap<>();
    private long maxSteps = SimulationDriver.DEFAULT_MAX_STEPS;
    private Path pcapPath;

    private Builder() {}

    /** Fixes the seed (otherwise {@link Seeds#pick()} at each build). */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** The configuration of every link without an override. */
    public Builder defaultLink(LinkConfig config) {
      this.defaultLink = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Overrides the directed link {@code from → to}. */
    public Builder link(Ipv4Address from, Ipv4Address to, LinkConfig config) {
      links.add(new LinkOverride(Objects.requireNonNull(from, "from"),
          Objects.requireNonNull(to, "to"), Objects.requireNonNull(config, "config")));
      return this;
    }

    /** Overrides both directions between {@code a} and {@code b}. */
    public Builder linkBothWays(Ipv4Address a, Ipv4Address b, LinkConfig config) {
      return link(a, b, config).link(b, a, config);
    }

    /** Adds a host with the default {@link HostConfig} at the dotted-quad {@code address}. */
    public Builder host(String address) {
      return host(HostConfig.of(Ipv4Address.parse(address)));
    }

    /** Adds a host with the default {@link HostConfig} at {@code address}. */
    public Builder host(Ipv4Address address) {
      return host(HostConfig.of(address));
    }

    /**
     * Adds a host.
     *
     * @throws IllegalArgumentException if a host with the same address was already added
     */
    public Builder host(HostConfig config) {
      Objects.requireNonNull(config, "config");
      if (hosts.containsKey(config.address())) {
        throw new IllegalArgumentException(
            "host " + config.address() + " is already part of this simulation");
      }
      hosts.put(config.address(), config);
      return this;
    }

    /** The step budget of each {@code run…} call (see {@link SimulationDriver#setMaxSteps}). */
    public Builder maxSteps(long steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("max steps " + steps + " must be at least 1");
      }
      this.maxSteps = steps;
      return this;
    }

    /** Records every packet the hosts send into a pcap file at {@code path} (overwritten). */
    public Builder capturePcap(Path path) {
      this.pcapPath = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Builds a simulation at virtual time 0; the caller must {@link Simulation#close()} it.
     *
     * @throws UncheckedIOException if the capture file cannot be created
     */
    public Simulation build() {
      return build(seed != null ? seed : Seeds.pick());
    }

    /**
     * Builds a simulation, runs {@code body} on it and closes it. A failure (an exception or a
     * failed assertion in the body, or a stall) is rethrown as an {@link AssertionError} whose
     * message names the seed and the flag that replays it.
     */
    public void run(SimulationBody body) {
      Objects.requireNonNull(body, "body");
      Seeds.run(seed != null ? seed : Seeds.pick(), picked -> {
        try (Simulation simulation = build(picked)) {
          body.run(simulation);
        }
      });
    }

    private Simulation build(long chosenSeed) {
      VirtualClock clock = new VirtualClock();
      SimulatedNetwork network = new SimulatedNetwork(chosenSeed, clock, defaultLink);
      for (LinkOverride link : links) {
        network.setLink(link.from(), link.to(), link.config());
      }
      PcapWriter pcap = null;
      SimulationDriver driver;
      if (pcapPath != null) {
        try {
          pcap = PcapWriter.create(pcapPath);
        } catch (IOException e) {
          network.close();
          throw new UncheckedIOException("could not create the capture " + pcapPath, e);
        }
        driver = new SimulationDriver(network, clock, new CapturingNetwork(network, clock, pcap));
      } else {
        driver = new SimulationDriver(network, clock);
      }
      driver.setMaxSteps(maxSteps);
      Simulation simulation = new Simulation(chosenSeed, clock, network, driver, pcap, pcapPath);
      for (HostConfig config : hosts.values()) {
        simulation.addHost(driver.addHost(config));
      }
      return simulation;
    }
  }
}
