/**
 * Test support any module (or any student's implementation) can reuse: {@link
 * org.minitransport.testkit.StepHarness} (scripts with a readable transcript on failure), {@link
 * org.minitransport.testkit.Seeds} (seeded runs that print their replay flag), {@link
 * org.minitransport.testkit.SimulationHarness} (seeded multi-host simulations in virtual time, with
 * an optional pcap), {@link org.minitransport.testkit.ImpairmentGenerators} (QuickTheories
 * generators of link impairments and seeds), and abstract verification suites that an
 * implementation subclasses with a factory method, such as {@link
 * org.minitransport.testkit.PacketNetworkContract}.
 */
package org.minitransport.testkit;
