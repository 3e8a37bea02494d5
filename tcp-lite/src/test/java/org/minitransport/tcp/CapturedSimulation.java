package org.minitransport.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.minitransport.core.net.NetworkAttachment;
import org.minitransport.core.net.pcap.CapturingNetwork;
import org.minitransport.core.net.pcap.PcapWriter;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.SimulatedNetwork;
import org.minitransport.core.stack.Host;
import org.minitransport.core.stack.HostConfig;
import org.minitransport.core.time.VirtualClock;

/**
 * Hosts on a {@link SimulatedNetwork} wrapped in a {@link CapturingNetwork}, so every packet sent
 * lands in a pcap file, driven in virtual time with the same step rule as {@link
 * org.minitransport.core.driver.SimulationDriver} (which takes only a bare simulated network):
 * send what hosts queued, jump to the earliest delivery or host timer, deliver, fire timers.
 * Bounded by a step budget.
 */
final class CapturedSimulation implements AutoCloseable {

  private static final long MAX_STEPS = 1_000_000;

  private static final class Slot {
    final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
    NetworkAttachment attachment;
    Host host;
  }

  final VirtualClock clock = new VirtualClock();
  final SimulatedNetwork network;
  private final PcapWriter writer;
  private final CapturingNetwork capture;
  private final List<Slot> slots = new ArrayList<>();
  private boolean closed;

  CapturedSimulation(long seed, LinkConfig link, Path pcap) {
    network = new SimulatedNetwork(seed, clock, link);
    try {
      Files.createDirectories(pcap.toAbsolutePath().getParent());
      writer = PcapWriter.create(pcap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    capture = new CapturingNetwork(network, clock, writer);
  }

  Host addHost(HostConfig config) {
    Slot slot = new Slot();
    try {
      slot.attachment = capture.attach(config.address(), slot.inbox::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    slot.host = new Host(config.withMtu(Math.min(config.mtu(), slot.attachment.mtu())));
    slots.add(slot);
    return slot.host;
  }

  long now() {
    return clock.nanoTime();
  }

  boolean step() {
    flush();
    long next = network.nextEventNs();
    for (Slot slot : slots) {
      next = Math.min(next, slot.inbox.isEmpty() ? slot.host.pollTimeoutNs() : clock.nanoTime());
    }
    if (next == Long.MAX_VALUE) {
      return false;
    }
    long now = Math.max(clock.nanoTime(), next);
    clock.advanceTo(now);
    network.deliverDue(now);
    for (Slot slot : slots) {
      for (byte[] packet = slot.inbox.poll(); packet != null; packet = slot.inbox.poll()) {
        slot.host.handlePacket(now, packet);
      }
      if (slot.host.pollTimeoutNs() <= now) {
        slot.host.handleTimeout(now);
      }
    }
    flush();
    return true;
  }

  /** Steps until {@code done} (checked before each step); false if everything went quiet. */
  boolean runUntil(BooleanSupplier done) {
    for (long steps = 0; steps < MAX_STEPS; steps++) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (!step()) {
        return done.getAsBoolean();
      }
    }
    throw new AssertionError("no progress within " + MAX_STEPS + " steps");
  }

  void runUntilIdle() {
    runUntil(() -> false);
  }

  /** Runs every event up to {@code now() + durationNs}. */
  void runFor(long durationNs) {
    long end = clock.nanoTime() + durationNs;
    runUntil(() -> {
      flush();
      long next = network.nextEventNs();
      for (Slot slot : slots) {
        next = Math.min(next, slot.host.pollTimeoutNs());
      }
      return next > end;
    });
    clock.advanceTo(Math.max(clock.nanoTime(), end));
  }

  private void flush() {
    for (Slot slot : slots) {
      for (byte[] packet = slot.host.pollTransmit(); packet != null;
          packet = slot.host.pollTransmit()) {
        slot.attachment.send(packet, 0, packet.length);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    capture.close();
    writer.close();
    if (capture.captureFailure().isPresent()) {
      throw capture.captureFailure().get();
    }
  }
}
