package org.minitransport.core.port;

import org.minitransport.core.wire.IpProtocol;

/**
 * Makes a host's port tables, one per protocol with ports (TCP, UDP): the seam through which a
 * {@code HostConfig} plugs another {@link PortTable} implementation (a student's) into the stack.
 * The default, {@link #REFERENCE}, makes {@link HashedPortTable}s.
 */
@FunctionalInterface
public interface PortTableFactory {

  /** The reference implementation. */
  PortTableFactory REFERENCE = HashedPortTable::new;

  /**
   * An empty table for {@code protocol}.
   *
   * @param protocol {@link IpProtocol#TCP} or {@link IpProtocol#UDP}
   * @param config the host's port rules: privileged flag, ephemeral range, secret
   */
  PortTable<Object> create(IpProtocol protocol, PortTableConfig config);
}
