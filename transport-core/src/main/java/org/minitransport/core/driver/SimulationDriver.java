package org.minitransport.core.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.PacketNetwork;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;

/**
 * Runs any number of {@link Host}s and one {@link SimulatedNetwork} on the calling thread in
 * virtual time: each step jumps the clock to the earliest deadline (a packet delivery or a host
 * timer), delivers what is due, fires what is due, and carries every host's output to the
 * network. A run is a pure function of the network seed, the host configurations and the
 * application commands issued between steps.
 *
 * <p>Application code (tests, the {@code simulate} command) calls the hosts' protocol APIs
 * directly on this same thread between steps; the next step sends whatever they queued.
 *
 * <p>Every run is bounded by a step budget ({@link #setMaxSteps}); running out throws {@link
 * SimulationStalledException} so a livelock fails instead of hanging (the quinn-proto {@code Pair}
 * idea). Not thread-safe: one thread owns a simulation.
 */
public final class SimulationDriver implements AutoCloseable {

  /** Default step budget for one {@code run…} call. */
  public static final long DEFAULT_MAX_STEPS = 50_000_000L;

  private final SimulatedNetwork network;
  private final VirtualClock clock;
  private final PacketNetwork attachThrough;
  private final List<SimulatedHost> hosts = new ArrayList<>();
  private long maxSteps = DEFAULT_MAX_STEPS;
  private long totalSteps;
  private final HostExecutor executor = new InlineExecutor();

  private final class InlineExecutor implements HostExecutor {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public long nowNs() {
      return clock.nanoTime();
    }

    @Override
    public boolean inHostThread() {
      return true;
    }

    @Override
    public <T> T call(java.util.concurrent.Callable<T> task) throws Exception {
      return task.call();
    }
  }

  private static final class SimulatedHost {
    final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
    NetworkAttachment attachment;
    Host host;
  }

  /**
   * @param network a network in virtual-time mode
   * @param clock the same clock the network reads; only this driver advances it
   */
  public SimulationDriver(SimulatedNetwork network, VirtualClock clock) {
    this(network, clock, network);
  }

  /**
   * A driver whose hosts attach through {@code attachThrough}, a decorator of {@code network} such
   * as a {@link org.minitransport.core.net.pcap.CapturingNetwork}, so that it sees every packet
   * the hosts send. Time still comes from {@code network}, which the driver steps.
   *
   * @param attachThrough a network whose attachments send into {@code network}; an {@link
   *     IOException} from its {@code attach} is rethrown as {@link UncheckedIOException}
   */
  public SimulationDriver(SimulatedNetwork network, VirtualClock clock,
      PacketNetwork attachThrough) {
    this.network = Objects.requireNonNull(network, "network");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.attachThrough = Objects.requireNonNull(attachThrough, "attachThrough");
  }

  /**
   * Creates a host, attaches it to the network and returns it. The host's MTU is the smaller of
   * the configured one and the attachment's.
   *
   * @throws IllegalArgumentException if the address is already attached
   */
  public Host addHost(HostConfig config) {
    SimulatedHost entry = new SimulatedHost();
    try {
      entry.attachment = attachThrough.attach(config.address(), entry.inbox::add);
    } catch (IOException e) {
      throw new UncheckedIOException("could not attach " + config.address(), e);
    }
    entry.host = new Host(config.withMtu(Math.min(config.mtu(), entry.attachment.mtu())));
    hosts.add(entry);
    return entry.host;
  }

  /** The hosts in the order they were added. */
  public List<Host> hosts() {
    List<Host> list = new ArrayList<>(hosts.size());
    for (SimulatedHost entry : hosts) {
      list.add(entry.host);
    }
    return Collections.unmodifiableList(list);
  }

  public SimulatedNetwork network() {
    return network;
  }

  public VirtualClock clock() {
    return clock;
  }

  /**
   * Commands for this simulation's hosts run inline on the calling thread (which must be the
   * simulation thread); the next {@link #step} sends what they queued.
   */
  public HostExecutor executor() {
    return executor;
  }

  /** The current virtual time. */
  public long nowNs() {
    return clock.nanoTime();
  }

  /** Steps taken since the driver was created. */
  public long totalSteps() {
    return totalSteps;
  }

  /** Sets the step budget for each {@code run…} call (at least 1). */
  public void setMaxSteps(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("max steps " + steps + " must be at least 1");
    }
    this.maxSteps = steps;
  }

  /**
   * Sends what the hosts have queued, then advances to the earliest deadline and processes it.
   *
   * @return false if nothing was pending anywhere (the simulation is idle; time did not move)
   */
  public boolean step() {
    flush();
    long next = nextDeadlineNs();
    if (next == Long.MAX_VALUE) {
      return false;
    }
    long now = Math.max(clock.nanoTime(), next);
    clock.advanceTo(now);
    network.deliverDue(now);
    for (SimulatedHost entry : hosts) {
      for (byte[] packet = entry.inbox.poll(); packet != null; packet = entry.inbox.poll()) {
        entry.host.handlePacket(now, packet);
      }
      if (entry.host.pollTimeoutNs() <= now) {
        entry.host.handleTimeout(now);
      }
    }
    flush();
    totalSteps++;
    return true;
  }

  /**
   * Steps until {@code done} holds (checked before every step).
   *
   * @return true if {@code done} holds; false if the simulation went idle first
   * @throws SimulationStalledException if the step budget runs out first
   */
  public boolean runUntil(BooleanSupplier done) {
    long steps = 0;
    while (!done.getAsBoolean()) {
      if (steps++ >= maxSteps) {
        throw stalled("waiting for a condition");
      }
      if (!step()) {
        return done.getAsBoolean();
      }
    }
    return true;
  }

  /**
   * Steps until nothing is pending (no packet in flight, no timer armed).
   *
   * @throws SimulationStalledException if the step budget runs out first
   */
  public void runUntilIdle() {
    long steps = 0;
    while (step()) {
      if (++steps >= maxSteps && !isIdle()) {
        throw stalled("waiting for idle");
      }
    }
  }

  /** Flushes what the hosts queued; whether nothing is pending anywhere afterwards. */
  private boolean isIdle() {
    flush();
    return nextDeadlineNs() == Long.MAX_VALUE;
  }

  /**
   * Processes every deadline up to and including {@code nowNs() + durationNs}, then sets the
   * clock to exactly that time (even if the simulation went idle earlier).
   */
  public void runFor(long durationNs) {
    if (durationNs < 0) {
      throw new IllegalArgumentException("duration " + durationNs + " ns must not be negative");
    }
    long endNs = clock.nanoTime() + durationNs;
    long steps = 0;
    while (true) {
      flush();
      if (nextDeadlineNs() > endNs) {
        break;
      }
      if (steps++ >= maxSteps) {
        throw stalled("running until " + endNs + " ns");
      }
      step();
    }
    clock.advanceTo(endNs);
  }

  /** Closes every host (on this thread, at the current virtual time) and detaches it. */
  @Override
  public void close() {
    long now = clock.nanoTime();
    for (SimulatedHost entry : hosts) {
      entry.host.close(now);
    }
    flush();
    for (SimulatedHost entry : hosts) {
      entry.attachment.close();
    }
  }

  private long nextDeadlineNs() {
    long next = network.nextEventNs();
    for (SimulatedHost entry : hosts) {
      if (!entry.inbox.isEmpty()) {
        return clock.nanoTime();
      }
      next = Math.min(next, entry.host.pollTimeoutNs());
    }
    return next;
  }

  private void flush() {
    for (SimulatedHost entry : hosts) {
      for (byte[] packet = entry.host.pollTransmit(); packet != null;
          packet = entry.host.pollTransmit()) {
        entry.attachment.send(packet, 0, packet.length);
      }
    }
  }

  private SimulationStalledException stalled(String doing) {
    return new SimulationStalledException(
        "simulation made no progress within " + maxSteps + " steps while " + doing
            + " (virtual time " + clock.nanoTime() + " ns, next deadline " + nextDeadlineNs()
            + " ns): a livelock, or raise the budget with setMaxSteps");
  }
}
