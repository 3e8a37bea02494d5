package org.minitransport.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.net.BindException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.wire.IpProtocol;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random sequences of bind, connect, release, TIME-WAIT and lookup operations on a small universe
 * of addresses and ports, checked step by step against a brute-force model: a plain list of the
 * live entries and the bind rules written as loops over it.
 */
class PortTableProperties {

  private static final int EPHEMERAL_LOW = 50_000;
  private static final int EPHEMERAL_HIGH = 50_003;
  private static final List<Ipv4Address> LOCAL_ADDRESSES =
      List.of(Ipv4Address.ANY, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"));
  private static final List<Integer> LOCAL_PORTS = List.of(0, 80, 8080, 50_000, 50_001);
  private static final List<Ipv4Address> REMOTE_ADDRESSES =
      List.of(Ipv4Address.parse("192.0.2.1"), Ipv4Address.parse("192.0.2.2"));
  private static final List<Integer> REMOTE_PORTS = List.of(1000, 2000);

  private sealed interface Op permits Bind, Connect, Release, EnterTimeWait, Lookup {}

  /** Unconnected bind of LOCAL_ADDRESSES[address]:LOCAL_PORTS[port]. */
  private record Bind(int address, int port, boolean reuse) implements Op {}

  /** Connected bind from LOCAL_ADDRESSES[address] (1 or 2, never the wildcard). */
  private record Connect(int address, int port, int remote, int remotePort, boolean reuse)
      implements Op {}

  /** Releases live entry number {@code which} modulo the number of live entries. */
  private record Release(int which) implements Op {}

  /** Moves connected entry number {@code which} (modulo their number) to TIME-WAIT. */
  private record EnterTimeWait(int which) implements Op {}

  private record Lookup(int address, int port, int remote, int remotePort) implements Op {}

  /** A live entry as the model sees it, with the handle the table returned for it. */
  private record ModelEntry(
      Endpoint local, Endpoint remote, boolean reuse, PortBinding<String> binding) {

    boolean connected() {
      return remote != null;
    }

    PortState state() {
      return binding.state();
    }
  }

  private static Gen<Op> operations() {
    Gen<Op> bind =
        integers()
            .between(0, 2)
            .zip(
                integers().between(0, LOCAL_PORTS.size() - 1),
                booleans().all(),
                (a, p, r) -> (Op) new Bind(a, p, r));
    Gen<Op> connect =
        integers()
            .between(1, 2)
            .zip(
                integers().between(0, 3),
                integers().between(0, 1),
                integers().between(0, 1),
                booleans().all(),
                (a, p, r, rp, reuse) -> (Op) new Connect(a, p, r, rp, reuse));
    Gen<Op> release = integers().between(0, 1000).map(w -> (Op) new Release(w));
    Gen<Op> timeWait = integers().between(0, 1000).map(w -> (Op) new EnterTimeWait(w));
    Gen<Op> lookup =
        integers()
            .between(0, 2)
            .zip(
                integers().between(0, LOCAL_PORTS.size() - 1),
                integers().between(0, 1),
                integers().between(0, 1),
                (a, p, r, rp) -> (Op) new Lookup(a, p, r, rp));
    return Generate.frequency(
        List.of(
            Pair.of(4, bind),
            Pair.of(4, connect),
            Pair.of(2, release),
            Pair.of(2, timeWait),
            Pair.of(3, lookup)));
  }

  @Test
  void tableAgreesWithABruteForceModel() {
    qt().withExamples(300)
        .forAll(longs().all(), booleans().all(), lists().of(operations()).ofSizeBetween(1, 60))
        .checkAssert((secret, privileged, ops) -> new Run(secret, privileged).apply(ops));
  }

  /** One sequence of operations against a fresh table and an empty model. */
  private static final class Run {
    private final PortTable<String> table;
    private final boolean privileged;
    private final List<ModelEntry> model = new ArrayList<>();
    private int nextOwner;

    Run(long secret, boolean privileged) {
      this.privileged = privileged;
      this.table =
          new HashedPortTable<>(
              IpProtocol.UDP,
              PortTableConfig.builder()
                  .privileged(privileged)
                  .ephemeralRange(EPHEMERAL_LOW, EPHEMERAL_HIGH)
                  .secret(secret, ~secret)
                  .perturbationTableSize(8)
                  .build());
    }

    void apply(List<Op> ops) {
      for (Op op : ops) {
        if (op instanceof Bind b) {
          bind(new Endpoint(LOCAL_ADDRESSES.get(b.address()), LOCAL_PORTS.get(b.port())), b.reuse());
        } else if (op instanceof Connect c) {
          Endpoint local = new Endpoint(LOCAL_ADDRESSES.get(c.address()), LOCAL_PORTS.get(c.port()));
          Endpoint remote =
              new Endpoint(REMOTE_ADDRESSES.get(c.remote()), REMOTE_PORTS.get(c.remotePort()));
          connect(new SocketPair(local, remote), c.reuse());
        } else if (op instanceof Release r) {
          release(r.which());
        } else if (op instanceof EnterTimeWait t) {
          enterTimeWait(t.which());
        } else if (op instanceof Lookup l) {
          lookup(
              new Endpoint(LOCAL_ADDRESSES.get(l.address()), LOCAL_PORTS.get(l.port())),
              new Endpoint(REMOTE_ADDRESSES.get(l.remote()), REMOTE_PORTS.get(l.remotePort())));
        }
        checkInvariants(op);
      }
    }

    private void bind(Endpoint local, boolean reuse) {
      String owner = "o" + nextOwner++;
      if (local.port() == 0) {
        PortBinding<String> binding = tryBind(local, owner, reuse);
        if (binding == null) {
          for (int port = EPHEMERAL_LOW; port <= EPHEMERAL_HIGH; port++) {
            assertFalse(
                modelAllowsBind(local.withPort(port), false),
                "exhaustion reported though " + local.withPort(port) + " is free");
          }
          return;
        }
        int port = binding.local().port();
        assertTrue(port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH, "in range: " + binding);
        assertTrue(modelAllowsBind(binding.local(), false), "chosen port is free: " + binding);
        model.add(new ModelEntry(binding.local(), null, reuse, binding));
        return;
      }
      boolean expected =
          (privileged || local.port() >= 1024) && modelAllowsBind(local, reuse);
      PortBinding<String> binding = tryBind(local, owner, reuse);
      assertEquals(expected, binding != null, "bind " + local + " reuse=" + reuse);
      if (binding != null) {
        assertEquals(local, binding.local());
        model.add(new ModelEntry(local, null, reuse, binding));
      }
    }

    private void connect(SocketPair pair, boolean reuse) {
      String owner = "o" + nextOwner++;
      if (pair.local().port() == 0) {
        PortBinding<String> binding = tryConnect(pair, owner, reuse);
        if (binding == null) {
          for (int port = EPHEMERAL_LOW; port <= EPHEMERAL_HIGH; port++) {
            assertFalse(
                modelAllowsEphemeralConnect(pair.local().withPort(port), pair.remote()),
                "exhaustion reported though port " + port + " is usable for " + pair);
          }
          return;
        }
        int port = binding.local().port();
        assertTrue(port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH, "in range: " + binding);
        assertTrue(
            modelAllowsEphemeralConnect(binding.local(), pair.remote()),
            "chosen port is usable: " + binding);
        model.add(new ModelEntry(binding.local(), pair.remote(), reuse, binding));
        return;
      }
      ModelEntry holder = find(pair.local(), pair.remote());
      boolean expected = holder == null || (reuse && holder.state() == PortState.TIME_WAIT);
      PortBinding<String> binding = tryConnect(pair, owner, reuse);
      assertEquals(expected, binding != null, "connect " + pair + " reuse=" + reuse);
      if (binding != null) {
        if (holder != null) {
          assertTrue(holder.binding().isReleased(), "taken-over TIME-WAIT entry is released");
          model.remove(holder);
        }
        model.add(new ModelEntry(pair.local(), pair.remote(), reuse, binding));
      }
    }

    private void release(int which) {
      if (model.isEmpty()) {
        return;
      }
      ModelEntry entry = model.remove(which % model.size());
      entry.binding().release();
      assertTrue(entry.binding().isReleased());
      assertEquals(null, find(entry.local(), entry.remote()));
      // The key is free again: rebinding it succeeds exactly when the model says so.
      if (entry.connected()) {
        connect(new SocketPair(entry.local(), entry.remote()), entry.reuse());
        assertNotNull(find(entry.local(), entry.remote()), "released pair can be bound again");
      } else {
        bind(entry.local(), entry.reuse());
      }
    }

    private void enterTimeWait(int which) {
      List<ModelEntry> connected =
          model.stream().filter(ModelEntry::connected).collect(Collectors.toList());
      if (!connected.isEmpty()) {
        connected.get(which % connected.size()).binding().setState(PortState.TIME_WAIT);
      }
    }

    private void lookup(Endpoint local, Endpoint remote) {
      ModelEntry expected = find(local, remote);
      if (expected == null) {
        expected = find(local, null);
      }
      if (expected == null) {
        expected = find(new Endpoint(Ipv4Address.ANY, local.port()), null);
      }
      PortBinding<String> actual = table.lookup(local, remote);
      assertSame(expected == null ? null : expected.binding(), actual, local + " <- " + remote);
    }

    private void checkInvariants(Op after) {
      Set<List<Endpoint>> keys = new HashSet<>();
      for (ModelEntry entry : model) {
        assertTrue(
            keys.add(java.util.Arrays.asList(entry.local(), entry.remote())),
            "two live entries share the key of " + entry + " after " + after);
        assertFalse(entry.binding().isReleased(), "live entry released: " + entry);
      }
      assertEquals(model.size(), table.size(), "size after " + after);
      Set<String> expectedRows = new HashSet<>();
      for (ModelEntry entry : model) {
        expectedRows.add(entry.local() + " " + entry.remote() + " " + entry.state());
      }
      Set<String> actualRows = new HashSet<>();
      for (BindingSnapshot row : table.snapshot()) {
        actualRows.add(row.local() + " " + row.remote() + " " + row.state());
      }
      assertEquals(expectedRows, actualRows, "snapshot after " + after);
    }

    /** The bind rules of PortTable, as loops over the model. */
    private boolean modelAllowsBind(Endpoint local, boolean reuse) {
      for (ModelEntry entry : model) {
        if (entry.local().port() != local.port()) {
          continue;
        }
        Ipv4Address held = entry.local().address();
        boolean sameAddress = held.equals(local.address());
        boolean overlap = sameAddress || held.isAny() || local.address().isAny();
        if (!entry.connected()) {
          if (sameAddress || (overlap && !(reuse && entry.reuse()))) {
            return false;
          }
        } else if (overlap && !(reuse && entry.state() == PortState.TIME_WAIT)) {
          return false;
        }
      }
      return true;
    }

    private boolean modelAllowsEphemeralConnect(Endpoint local, Endpoint remote) {
      for (ModelEntry entry : model) {
        Ipv4Address held = entry.local().address();
        boolean overlap = held.equals(local.address()) || held.isAny();
        if (entry.local().port() == local.port() && !entry.connected() && overlap) {
          return false;
        }
      }
      return find(local, remote) == null;
    }

    private ModelEntry find(Endpoint local, Endpoint remote) {
      for (ModelEntry entry : model) {
        if (entry.local().equals(local) && Objects.equals(entry.remote(), remote)) {
          return entry;
        }
      }
      return null;
    }

    private PortBinding<String> tryBind(Endpoint local, String owner, boolean reuse) {
      try {
        return table.bind(local, owner, reuse);
      } catch (BindException e) {
        return null;
      }
    }

    private PortBinding<String> tryConnect(SocketPair pair, String owner, boolean reuse) {
      try {
        return table.bindConnected(pair, owner, reuse);
      } catch (BindException e) {
        return null;
      } catch (IllegalArgumentException e) {
        return fail("valid pair rejected: " + pair, e);
      }
    }
  }
}
