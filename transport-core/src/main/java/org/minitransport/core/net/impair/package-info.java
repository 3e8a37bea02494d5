/**
 * Impairments for any network: {@link org.minitransport.core.net.impair.ImpairingNetwork} wraps a
 * {@link org.minitransport.core.net.PacketNetwork} and applies the simulated network's {@link
 * org.minitransport.core.net.sim.LinkConfig} stages to what its hosts send and receive, seeded,
 * counted and traced, in virtual or real time.
 */
package org.minitransport.core.net.impair;
