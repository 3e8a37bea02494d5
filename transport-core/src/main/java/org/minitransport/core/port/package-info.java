/**
 * The port table of one transport protocol (DESIGN.md "Port table"): which local endpoints and
 * socket pairs are in use, who owns them, and which owner an arriving segment belongs to.
 *
 * <p>{@link org.minitransport.core.port.PortTable} is the component's contract (a seam: a host takes
 * a {@link org.minitransport.core.port.PortTableFactory}); the reference, {@link
 * org.minitransport.core.port.HashedPortTable}, enforces the bind rules (wildcard versus
 * specific addresses, connected entries sharing a listener's port, TIME-WAIT and address reuse,
 * the well-known-port privilege of RFC 6335 §6), chooses ephemeral ports with RFC 6056 §3.3.4
 * Algorithm 4 using an injected secret ({@link org.minitransport.core.port.PortTableConfig}), and
 * demultiplexes by the most specific match. Port ranges are named by {@link
 * org.minitransport.core.port.PortCategory}.
 */
package org.minitransport.core.port;
