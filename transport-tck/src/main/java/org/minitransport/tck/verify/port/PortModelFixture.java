package org.minitransport.tck.verify.port;

import static org.quicktheories.generators.SourceDSL.integers;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortTable;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code PORT-12}: a table under test beside a model of its rules (a list of live
 * entries checked by brute force), and the operations a generated script is made of: binds of
 * specific and wildcard endpoints, connected binds, releases and lookups, over a few addresses and
 * ports so that conflicts are frequent. Every operation states what the model expects.
 */
final class PortModelFixture {

  private static final Ipv4Address[] LOCAL = {
    Ipv4Address.ANY, Ipv4Address.of(10, 0, 0, 1), Ipv4Address.of(10, 0, 0, 2)};
  private static final int[] PORTS = {5000, 5001};
  private static final Endpoint[] REMOTE = {
    Endpoint.of("10.0.0.7", 40000), Endpoint.of("10.0.0.7", 40001), Endpoint.of("10.0.0.8", 40000)};

  /** A live entry in the model; {@code remote} is null for an unconnected one. */
  private record Entry(Endpoint local, Endpoint remote, PortBinding<Object> binding) {}

  final PortTable<Object> table;
  private final List<Entry> live = new ArrayList<>();
  private int nextOwner;

  PortModelFixture(PortTable<Object> table) {
    this.table = table;
  }

  /** The generator of operations. */
  static Gen<Operation<PortModelFixture>> operations() {
    Gen<Integer> kind = integers().between(0, 3);
    Gen<Integer> local = integers().between(0, LOCAL.length - 1);
    Gen<Integer> port = integers().between(0, PORTS.length - 1);
    Gen<Integer> remote = integers().between(0, REMOTE.length - 1);
    Gen<Integer> index = integers().between(0, 7);
    return kind.zip(local, port, remote, index, PortModelFixture::operation);
  }

  private static Operation<PortModelFixture> operation(int kind, int l, int p, int r, int i) {
    Endpoint local = new Endpoint(LOCAL[l], PORTS[p]);
    Endpoint remote = REMOTE[r];
    return switch (kind) {
      case 0 -> named("bind " + local, s -> s.subject().bind(s, local));
      case 1 -> {
        Endpoint specific = new Endpoint(LOCAL[Math.max(1, l)], PORTS[p]);
        yield named("bindConnected " + specific + " <-> " + remote,
            s -> s.subject().bindConnected(s, new SocketPair(specific, remote)));
      }
      case 2 -> named("release live entry #" + i, s -> s.subject().release(s, i));
      default -> {
        Endpoint to = new Endpoint(LOCAL[Math.max(1, l)], PORTS[p]);
        yield named("lookup " + to + " from " + remote, s -> s.subject().lookup(s, to, remote));
      }
    };
  }

  private static Operation<PortModelFixture> named(String name, Operation<PortModelFixture> op) {
    return new Operation<>() {
      @Override
      public void run(Script<PortModelFixture> script) {
        op.run(script);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private void bind(Script<PortModelFixture> s, Endpoint local) {
    String owner = "owner" + nextOwner++;
    Entry holder = unconnectedConflict(local);
    if (holder != null) {
      s.expectThrows("bind " + local + " (held by " + describe(holder) + ")",
          BindException.class, f -> f.table.bind(local, owner), String.valueOf(local.port()));
      return;
    }
    PortBinding<Object> b = s.get("bind " + local, f -> f.table.bind(local, owner));
    live.add(new Entry(local, null, b));
  }

  private void bindConnected(
      Script<PortModelFixture> s, SocketPair pair) {
    String owner = "owner" + nextOwner++;
    Entry holder = find(pair.local(), pair.remote());
    if (holder != null) {
      s.expectThrows("bindConnected " + pair + " (held by " + describe(holder) + ")",
          BindException.class, f -> f.table.bindConnected(pair, owner),
          pair.remote().toString());
      return;
    }
    PortBinding<Object> b = s.get("bindConnected " + pair, f -> f.table.bindConnected(pair, owner));
    live.add(new Entry(pair.local(), pair.remote(), b));
  }

  private void release(Script<PortModelFixture> s, int index) {
    if (live.isEmpty()) {
      return;
    }
    Entry e = live.remove(index % live.size());
    s.act("release " + describe(e), f -> e.binding().release());
    s.expect("size() after the release", f -> f.table.size(), live.size());
  }

  private void lookup(
      Script<PortModelFixture> s, Endpoint to, Endpoint from) {
    Entry expected = find(to, from);
    if (expected == null) {
      expected = find(to, null);
    }
    if (expected == null) {
      expected = find(new Endpoint(Ipv4Address.ANY, to.port()), null);
    }
    Object owner = expected == null ? null : expected.binding().owner();
    s.expect("lookup " + to + " from " + from + " owner", f -> {
      PortBinding<Object> found = f.table.lookup(to, from);
      return found == null ? null : found.owner();
    }, owner);
  }

  /** The entry that keeps an unconnected bind of {@code local} out, or null. */
  private Entry unconnectedConflict(Endpoint local) {
    for (Entry e : live) {
      if (e.local().port() == local.port() && overlap(e.local().address(), local.address())) {
        return e; // unconnected, or connected outside TIME-WAIT: both block a plain bind
      }
    }
    return null;
  }

  private Entry find(Endpoint local, Endpoint remote) {
    for (Entry e : live) {
      if (e.local().equals(local) && Objects.equals(e.remote(), remote)) {
        return e;
      }
    }
    return null;
  }

  private static boolean overlap(Ipv4Address a, Ipv4Address b) {
    return a.equals(b) || a.isAny() || b.isAny();
  }

  private static String describe(Entry e) {
    return e.local() + (e.remote() == null ? "" : " <-> " + e.remote()) + " "
        + e.binding().owner();
  }
}
