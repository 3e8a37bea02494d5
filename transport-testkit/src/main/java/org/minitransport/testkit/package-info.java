/**
 * Test support any module (or any student's implementation) can reuse: {@link
 * org.minitransport.testkit.StepHarness} (scripts with a readable transcript on failure), {@link
 * org.minitransport.testkit.Seeds} (seeded runs that print their replay flag), {@link
 * org.minitransport.testkit.SimulationHarness} (seeded multi-host simulations in virtual time, with
 * an optional pcap), {@link org.minitransport.testkit.HostTimer} (a timer on a simulated host),
 * {@link org.minitransport.testkit.ImpairmentGenerators} (the one QuickTheories generator of link
 * impairments, by profile), {@link org.minitransport.testkit.ExampleCounts} (the knob that scales
 * every property), {@link org.minitransport.testkit.TsharkVerdict} (tshark as a judge of
 * captures), and abstract verification suites that an
 * implementation subclasses with a factory method, such as {@link
 * org.minitransport.testkit.PacketNetworkContract}.
 */
package org.minitransport.testkit;
