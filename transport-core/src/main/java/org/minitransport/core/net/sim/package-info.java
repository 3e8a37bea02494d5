/**
 * The in-process simulated network: {@link org.minitransport.core.net.sim.SimulatedNetwork}, a
 * seeded discrete-event {@link org.minitransport.core.net.PacketNetwork} with per-link impairments
 * ({@link org.minitransport.core.net.sim.LinkConfig}: loss incl. Gilbert–Elliott bursts,
 * duplication, reordering, delay and jitter, bandwidth with a bounded queue, corruption, MTU,
 * partitions), driven in virtual time by a simulation loop or in real time by its own thread, and
 * observable through a {@link org.minitransport.core.net.sim.NetworkTraceListener}.
 */
package org.minitransport.core.net.sim;
