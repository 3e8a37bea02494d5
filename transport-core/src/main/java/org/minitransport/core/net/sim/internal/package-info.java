/**
 * Internals of the simulated network, not API: per-link state and impairment draws ({@link
 * org.minitransport.core.net.sim.internal.Link}), the link lookup table, the bandwidth queue, the
 * attachment and the pending-delivery event. Everything here is guarded by the owning network's
 * lock.
 */
package org.minitransport.core.net.sim.internal;
