package org.minitransport.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.minitransport.demo.CommandLineHarness;
import org.minitransport.demo.CommandLineHarness.Run;
import org.minitransport.tcp.component.ByteStreamWriter;
import org.minitransport.tcp.component.ComponentFactories;
import org.minitransport.tcp.component.Reassembler;
import org.minitransport.tcp.component.ReassemblerFactory;
import org.minitransport.udp.UdpEndpoint;
import org.minitransport.udp.UdpEndpointFactory;

/**
 * {@code --component NAME=CLASS}: a class from the class path replaces the reference inside the
 * hosts a command starts (what a student does with a lab's class), and a bad value is a usage
 * error naming it.
 */
class ComponentOptionsTest {

  /** The reference reassembler, counting how many the stack made. */
  public static final class CountingReassemblerFactory implements ReassemblerFactory {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public Reassembler create(ByteStreamWriter output) {
      CREATED.incrementAndGet();
      return ComponentFactories.reference().reassembler().create(output);
    }
  }

  /** A reassembler that has not been written yet, as in a fresh starter. */
  public static final class UnwrittenReassemblerFactory implements ReassemblerFactory {
    @Override
    public Reassembler create(ByteStreamWriter output) {
      throw new UnsupportedOperationException("lab 2: not written yet");
    }
  }

  /** The reference UDP endpoint, counting how many the stack made. */
  public static final class CountingUdpEndpointFactory implements UdpEndpointFactory {
    static final AtomicInteger CREATED = new AtomicInteger();

    @Override
    public UdpEndpoint create() {
      CREATED.incrementAndGet();
      return UdpEndpointFactory.REFERENCE.create();
    }
  }

  @Test
  void simulateRunsEveryTcpConnectionWithTheGivenReassembler() {
    int before = CountingReassemblerFactory.CREATED.get();
    Run run = CommandLineHarness.run("simulate", "--sessions", "2", "--bytes", "20k",
        "--loss", "2%", "--seed", "3", "--component",
        "reassembler=" + CountingReassemblerFactory.class.getName());
    assertEquals(0, run.exitCode(), run.transcript());
    assertTrue(run.out().contains("2 verified"), run.transcript());
    // Two sessions, a client end and a server end each.
    assertEquals(4, CountingReassemblerFactory.CREATED.get() - before, run.transcript());
  }

  @Test
  void aStubbedComponentFailsTheRunWithItsOwnMessage() {
    Run run = CommandLineHarness.run("simulate", "--sessions", "1", "--bytes", "1k",
        "--component", "reassembler=" + UnwrittenReassemblerFactory.class.getName());
    assertEquals(1, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("lab 2: not written yet"), run.transcript());
  }

  @Test
  void simulateUdpInstallsTheGivenEndpoint() {
    int before = CountingUdpEndpointFactory.CREATED.get();
    Run run = CommandLineHarness.run("simulate", "--protocol", "udp", "--sessions", "2",
        "--seed", "3", "--component", "udp=" + CountingUdpEndpointFactory.class.getName());
    assertEquals(0, run.exitCode(), run.transcript());
    // The server host and one client host (two sessions fit one host's ports).
    assertEquals(2, CountingUdpEndpointFactory.CREATED.get() - before, run.transcript());
  }

  @Test
  void anUnknownComponentIsAUsageErrorListingTheNames() {
    Run run = CommandLineHarness.run("simulate", "--component", "reasembler=x.Y");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("unknown component 'reasembler': the components are "
        + "byte-stream, reassembler,"), run.transcript());
  }

  @Test
  void aClassNotOnTheClassPathIsAUsageErrorNamingIt() {
    Run run = CommandLineHarness.run("echo-client", "--component",
        "reassembler=lab.StudentReassemblerFactory");
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("class lab.StudentReassemblerFactory is not on the class path"),
        run.transcript());
  }

  @Test
  void aClassOfTheWrongFactoryIsAUsageError() {
    Run run = CommandLineHarness.run("simulate", "--component",
        "tcp-sender=" + CountingReassemblerFactory.class.getName());
    assertEquals(2, run.exitCode(), run.transcript());
    assertTrue(run.err().contains("does not implement org.minitransport.tcp.component."
        + "TcpSenderFactory"), run.transcript());
  }
}
