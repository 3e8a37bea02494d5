package org.minitransport.tck.verify.port;

import java.net.BindException;
import java.util.List;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.BindingSnapshot;
import org.minitransport.core.port.HashedPortTable;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortState;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.port.PortTableFactory;

/**
 * Deliberately broken port tables, each with the suite subclass that runs against it (nested, so
 * Surefire does not run them; {@code SuitesCatchBrokenImplementationsTest} does, through the
 * launcher).
 */
final class BrokenPortTables {

  private BrokenPortTables() {}

  /** Forgets RFC 6335's privilege rule: binds well-known ports on an unprivileged table. */
  static final PortTableFactory IGNORES_PRIVILEGE =
      (protocol, config) -> new HashedPortTable<>(protocol, config.toBuilder().privileged(true)
          .build());

  /** Demultiplexes only to exact pairs and specific listeners: a wildcard listener is never found. */
  static final PortTableFactory FORGETS_WILDCARD =
      (protocol, config) -> new ForgetsWildcard(new HashedPortTable<>(protocol, config));

  /** Delegates to the reference, except that lookup never falls back to a wildcard entry. */
  private static final class ForgetsWildcard implements PortTable<Object> {
    private final PortTable<Object> inner;

    ForgetsWildcard(PortTable<Object> inner) {
      this.inner = inner;
    }

    @Override
    public org.minitransport.core.wire.IpProtocol protocol() {
      return inner.protocol();
    }

    @Override
    public PortBinding<Object> bind(Endpoint local, Object owner, boolean reuseAddress)
        throws BindException {
      return inner.bind(local, owner, reuseAddress);
    }

    @Override
    public PortBinding<Object> bindConnected(SocketPair pair, Object owner, boolean reuseAddress)
        throws BindException {
      return inner.bindConnected(pair, owner, reuseAddress);
    }

    @Override
    public PortBinding<Object> lookup(
        int localAddress, int localPort, int remoteAddress, int remotePort) {
      PortBinding<Object> found = inner.lookup(localAddress, localPort, remoteAddress, remotePort);
      return found != null && found.local().address().isAny() ? null : found;
    }

    @Override
    public List<BindingSnapshot> snapshot() {
      return inner.snapshot();
    }

    @Override
    public void remove(PortBinding<Object> binding) {
      inner.remove(binding);
    }

    @Override
    public void stateChanging(PortBinding<Object> binding, PortState newState) {
      inner.stateChanging(binding, newState);
    }
  }

  /** The suite against {@link #IGNORES_PRIVILEGE}. */
  static final class IgnoresPrivilege extends PortTableVerification {
    @Override
    protected PortTableFactory factory() {
      return IGNORES_PRIVILEGE;
    }
  }

  /** The suite against {@link #FORGETS_WILDCARD}. */
  static final class ForgetsWildcardListeners extends PortTableVerification {
    @Override
    protected PortTableFactory factory() {
      return FORGETS_WILDCARD;
    }
  }
}
