/**
 * Internals of the simulated network, not API: per-link state ({@link
 * org.minitransport.core.net.sim.internal.Link}, whose impairment draws live in {@code
 * core.net.impair.internal}), the link lookup table, the attachment and the pending-delivery event.
 * Everything here is guarded by the owning network's lock.
 */
package org.minitransport.core.net.sim.internal;
