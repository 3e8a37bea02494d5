package org.minitransport.tck.verify.port;

import static org.minitransport.core.wire.IpProtocol.TCP;
import static org.minitransport.core.wire.IpProtocol.UDP;

import java.net.BindException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.port.PortBinding;
import org.minitransport.core.port.PortState;
import org.minitransport.core.port.PortTable;
import org.minitransport.core.port.PortTableConfig;
import org.minitransport.core.port.PortTableFactory;
import org.minitransport.core.wire.IpProtocol;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;

/**
 * The verification suite of a {@link PortTable} (rules PORT-nn): port ranges and privilege (RFC
 * 6335 §6), ephemeral allocation (RFC 6056), bind conflicts, socket-pair demultiplexing, release,
 * TIME-WAIT reuse and exhaustion, each with a clear error. Subclass it with one method, {@link
 * #factory()}, to check an implementation; everything goes through the {@link PortTable} and
 * {@link PortBinding} API.
 */
@ExtendWith(RuleExtension.class)
public abstract class PortTableVerification {

  /** The implementation under test. */
  protected abstract PortTableFactory factory();

  static final String HOST = "10.0.0.1";
  static final String OTHER = "10.0.0.2";
  static final String ANY = "0.0.0.0";

  static Endpoint at(String address, int port) {
    return Endpoint.of(address, port);
  }

  static SocketPair pair(Endpoint local, Endpoint remote) {
    return new SocketPair(local, remote);
  }

  /** A script on a fresh table of {@code protocol} with {@code config}. */
  Script<PortTable<Object>> table(String name, IpProtocol protocol, PortTableConfig config) {
    PortTable<Object> table = factory().create(protocol, config);
    return Script.of(name, table)
        .expect("protocol()", PortTable::protocol, protocol);
  }

  Script<PortTable<Object>> table(String name) {
    return table(name, TCP, PortTableConfig.defaults());
  }

  @Test
  @Rule(id = "PORT-01", cites = "RFC 6335 §6",
      hint = "If this fails, check that an unprivileged table refuses an explicit bind of ports"
          + " 1-1023 with a BindException naming the port, and allows 1024")
  void refusesWellKnownPortsUnlessPrivileged() {
    Script<PortTable<Object>> s = table("well-known ports need privilege");
    s.expectThrows("bind " + HOST + ":80 (unprivileged)", BindException.class,
        t -> t.bind(at(HOST, 80), "web"), "80");
    s.expectThrows("bind " + HOST + ":1023 (unprivileged)", BindException.class,
        t -> t.bind(at(HOST, 1023), "top"), "1023");
    s.get("bind " + HOST + ":1024 (registered)", t -> t.bind(at(HOST, 1024), "registered"));
    s.expect("size()", PortTable::size, 1);

    Script<PortTable<Object>> p = table("a privileged table binds them", UDP,
        PortTableConfig.builder().privileged(true).build());
    p.get("bind " + HOST + ":53 (privileged)", t -> t.bind(at(HOST, 53), "dns").local());
    p.expect("lookup " + HOST + ":53 from 10.0.0.9:4000 owner",
        t -> owner(t.lookup(at(HOST, 53), at("10.0.0.9", 4000))), "dns");
  }

  @Test
  @Rule(id = "PORT-02", cites = "RFC 6335 §6; contract: PortTable",
      hint = "If this fails, check that a bind of registered (1024-49151) and dynamic"
          + " (49152-65535) ports succeeds and keeps the port asked for")
  void bindsRegisteredAndDynamicPortsAsAsked() {
    Script<PortTable<Object>> s = table("registered and dynamic ports");
    for (int port : new int[] {1024, 8080, 49151, 49152, 65535}) {
      s.expect("bind " + HOST + ":" + port + " local()",
          t -> t.bind(at(HOST, port), "p" + port).local(), at(HOST, port));
    }
    s.expect("size()", PortTable::size, 5);
  }

  @Test
  @Rule(id = "PORT-03", cites = "RFC 6056 §2.1, §3.3.4",
      hint = "If this fails, check that port 0 picks a free port inside"
          + " PortTableConfig.ephemeralLow()-ephemeralHigh() and never a port in use")
  void choosesFreeEphemeralPortsFromTheConfiguredRange() {
    PortTableConfig config = PortTableConfig.builder().ephemeralRange(40000, 40009).build();
    Script<PortTable<Object>> s = table("ephemeral binds", UDP, config);
    s.get("bind " + HOST + ":40003 explicitly", t -> t.bind(at(HOST, 40003), "fixed"));
    Set<Integer> seen = new HashSet<>();
    seen.add(40003);
    for (int i = 0; i < 9; i++) {
      int n = i;
      int port = s.get("bind " + HOST + ":0 (#" + n + ") port",
          t -> t.bind(at(HOST, 0), "e" + n).local().port());
      s.expectThat("port " + port + " is within 40000-40009 and not in use before",
          t -> port >= 40000 && port <= 40009 && seen.add(port));
    }
  }

  @Test
  @Rule(id = "PORT-04", cites = "RFC 6056 §2.1; contract: PortTable",
      hint = "If this fails, check that bindConnected with local port 0 picks a port that makes"
          + " the socket pair unique and that no listener on an overlapping address holds")
  void choosesEphemeralPortsForConnectionsThatMakeThePairUnique() {
    PortTableConfig config = PortTableConfig.builder().ephemeralRange(50000, 50003).build();
    Script<PortTable<Object>> s = table("ephemeral connections", TCP, config);
    s.get("bind " + ANY + ":50001 (a listener)", t -> t.bind(at(ANY, 50001), "listener"));
    Endpoint server = at(OTHER, 80);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      int port = s.get("bindConnected " + HOST + ":0 <-> " + server + " (#" + n + ") port",
          t -> t.bindConnected(pair(at(HOST, 0), server), "c" + n).local().port());
      s.expectThat("port " + port + " is in 50000-50003, not 50001 (the listener's), and new",
          t -> port >= 50000 && port <= 50003 && port != 50001 && seen.add(port));
    }
    s.expectThrows("a fourth connection to the same server", BindException.class,
        t -> t.bindConnected(pair(at(HOST, 0), server), "c4"), "50000-50003");
    s.expect("a connection to another server still gets a port",
        t -> t.bindConnected(pair(at(HOST, 0), at(OTHER, 81)), "c5").local().address(),
        at(HOST, 0).address());
  }

  @Test
  @Rule(id = "PORT-05", cites = "RFC 6056 §3.3.4; contract: PortTable",
      hint = "If this fails, check that a full ephemeral range ends the search (no endless loop)"
          + " with a BindException that names the range, and that release makes a port free again")
  void reportsExhaustionOfTheEphemeralRangeClearly() {
    PortTableConfig config = PortTableConfig.builder().ephemeralRange(60000, 60002).build();
    Script<PortTable<Object>> s = table("exhaustion", UDP, config);
    PortBinding<?> first = s.get("bind " + HOST + ":0", t -> t.bind(at(HOST, 0), "a"));
    s.get("bind " + HOST + ":0", t -> t.bind(at(HOST, 0), "b"));
    s.get("bind " + HOST + ":0", t -> t.bind(at(HOST, 0), "c"));
    s.expectThrows("bind " + HOST + ":0 with 60000-60002 full", BindException.class,
        t -> t.bind(at(HOST, 0), "d"), "60000-60002");
    s.act("release " + first, t -> first.release());
    s.expect("bind " + HOST + ":0 after the release local()",
        t -> t.bind(at(HOST, 0), "e").local(), first.local());
  }

  @Test
  @Rule(id = "PORT-06", cites = "contract: PortTable (bind rules); RFC 9293 §3.9.1.1",
      hint = "If this fails, check the overlap rule: the same endpoint twice, or a wildcard and a"
          + " specific address on one port, conflict (the BindException names the holder);"
          + " two specific addresses do not")
  void refusesOverlappingBindsAndNamesTheHolder() {
    Script<PortTable<Object>> s = table("bind conflicts");
    s.get("bind " + HOST + ":5000", t -> t.bind(at(HOST, 5000), "first"));
    s.expectThrows("bind " + HOST + ":5000 again", BindException.class,
        t -> t.bind(at(HOST, 5000), "second"), HOST + ":5000");
    s.expectThrows("bind " + ANY + ":5000 over it", BindException.class,
        t -> t.bind(at(ANY, 5000), "wild"), HOST + ":5000");
    s.get("bind " + OTHER + ":5000 (another address)", t -> t.bind(at(OTHER, 5000), "other"));
    s.get("bind " + ANY + ":6000", t -> t.bind(at(ANY, 6000), "wild6000"));
    s.expectThrows("bind " + HOST + ":6000 under the wildcard", BindException.class,
        t -> t.bind(at(HOST, 6000), "specific"), "6000");
    s.expect("size()", PortTable::size, 3);
  }

  @Test
  @Rule(id = "PORT-07", cites = "RFC 9293 §3.9.1.1 (OPEN, LISTEN); contract: PortTable (demux)",
      hint = "If this fails, check that lookup tries the exact socket pair first, then the"
          + " listener on the specific local address, then the wildcard listener, then nothing")
  void demultiplexesToTheMostSpecificEntry() {
    Script<PortTable<Object>> s = table("most specific match");
    Endpoint client = at("10.0.0.9", 40000);
    s.get("bind " + ANY + ":8080", t -> t.bind(at(ANY, 8080), "wildcard"));
    s.expect("lookup " + HOST + ":8080 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 8080), client)), "wildcard");
    s.get("bind " + HOST + ":8081", t -> t.bind(at(HOST, 8081), "specific"));
    s.get("bindConnected " + HOST + ":8081 <-> " + client,
        t -> t.bindConnected(pair(at(HOST, 8081), client), "connection"));
    s.expect("lookup " + HOST + ":8081 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 8081), client)), "connection");
    s.expect("lookup " + HOST + ":8081 from 10.0.0.9:40001 owner",
        t -> owner(t.lookup(at(HOST, 8081), at("10.0.0.9", 40001))), "specific");
    s.expect("lookup " + OTHER + ":8081 from " + client + " owner",
        t -> owner(t.lookup(at(OTHER, 8081), client)), null);
    s.expect("lookup " + HOST + ":9999 (nothing bound) owner",
        t -> owner(t.lookup(at(HOST, 9999), client)), null);
    s.expect("lookup on raw fields " + HOST + ":8081 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 8081).address().bits(), 8081, client.address().bits(),
            client.port())), "connection");
  }

  @Test
  @Rule(id = "PORT-08", cites = "RFC 9293 §3.9.1.1; contract: PortTable (connected entries)",
      hint = "If this fails, check that connected entries conflict only with the same socket"
          + " pair, so accepted connections share their listener's port")
  void connectedEntriesShareAPortAndConflictOnlyOnTheSamePair() {
    Script<PortTable<Object>> s = table("connections share the listener's port");
    s.get("bind " + ANY + ":8080", t -> t.bind(at(ANY, 8080), "listener"));
    for (int i = 1; i <= 3; i++) {
      Endpoint peer = at("10.0.0." + (10 + i), 40000);
      s.get("bindConnected " + HOST + ":8080 <-> " + peer,
          t -> t.bindConnected(pair(at(HOST, 8080), peer), "conn-" + peer));
    }
    s.expectThrows("bindConnected the same pair again", BindException.class,
        t -> t.bindConnected(pair(at(HOST, 8080), at("10.0.0.11", 40000)), "dup"),
        "10.0.0.11:40000");
    s.expect("size()", PortTable::size, 4);
    s.expect("connected binding isConnected()",
        t -> t.lookup(at(HOST, 8080), at("10.0.0.12", 40000)).isConnected(), true);
    s.expectThrows("bindConnected with a wildcard local address", IllegalArgumentException.class,
        t -> t.bindConnected(pair(at(ANY, 7000), at(OTHER, 80)), "bad"), ANY);
    s.expectThrows("bindConnected to remote port 0", IllegalArgumentException.class,
        t -> t.bindConnected(pair(at(HOST, 7000), at(OTHER, 0)), "bad"), OTHER + ":0");
  }

  @Test
  @Rule(id = "PORT-09", cites = "contract: PortTable, PortBinding (release)",
      hint = "If this fails, check that release() removes the entry at once (lookup no longer"
          + " finds it, the endpoint can be bound again), that a second release() is harmless,"
          + " and that setState after release throws IllegalStateException")
  void releaseFreesTheKeyOnce() {
    Script<PortTable<Object>> s = table("release");
    Endpoint client = at(OTHER, 40000);
    PortBinding<Object> listener = s.get("bind " + HOST + ":7000",
        t -> t.bind(at(HOST, 7000), "listener"));
    PortBinding<Object> connection = s.get("bindConnected " + HOST + ":7000 <-> " + client,
        t -> t.bindConnected(pair(at(HOST, 7000), client), "connection"));
    s.act("release the connection", t -> connection.release());
    s.expect("connection isReleased()", t -> connection.isReleased(), true);
    s.expect("lookup " + HOST + ":7000 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 7000), client)), "listener");
    s.act("release the connection again", t -> connection.release());
    s.expect("size()", PortTable::size, 1);
    s.act("release the listener", t -> listener.release());
    s.expect("lookup " + HOST + ":7000 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 7000), client)), null);
    s.expect("size()", PortTable::size, 0);
    s.expect("bind " + HOST + ":7000 again local()",
        t -> t.bind(at(HOST, 7000), "again").local(), at(HOST, 7000));
    s.expectThrows("setState(LISTEN) on the released listener", IllegalStateException.class,
        t -> listener.setState(PortState.LISTEN));
  }

  @Test
  @Rule(id = "PORT-10", cites = "RFC 9293 §3.6.1 (TIME-WAIT), §3.10.7.4; RFC 6191",
      hint = "If this fails, check reuseAddress: a connection in TIME_WAIT blocks a plain bind of"
          + " its port (the error suggests reuseAddress) but not one with reuseAddress, a live"
          + " connection blocks both until it is released, and bindConnected with reuseAddress"
          + " takes over a TIME_WAIT pair by releasing the old entry")
  void timeWaitGivesWayOnlyToReuseAddress() {
    Script<PortTable<Object>> s = table("TIME-WAIT and reuseAddress");
    Endpoint client = at(OTHER, 40000);
    PortBinding<Object> old = s.get("bindConnected " + HOST + ":8000 <-> " + client,
        t -> t.bindConnected(pair(at(HOST, 8000), client), "old"));
    s.expectThrows("bind " + ANY + ":8000 beside a live connection, even with reuseAddress",
        BindException.class, t -> t.bind(at(ANY, 8000), "server", true), "8000");
    s.act("old.setState(TIME_WAIT)", t -> old.setState(PortState.TIME_WAIT));
    s.expectThrows("bind " + ANY + ":8000 without reuseAddress", BindException.class,
        t -> t.bind(at(ANY, 8000), "server"), "8000", "reuseAddress");
    PortBinding<Object> server = s.get("bind " + ANY + ":8000 with reuseAddress",
        t -> t.bind(at(ANY, 8000), "server", true));
    s.expectThrows("bindConnected the TIME_WAIT pair without reuseAddress", BindException.class,
        t -> t.bindConnected(pair(at(HOST, 8000), client), "new"), client.toString());
    s.get("bindConnected the TIME_WAIT pair with reuseAddress",
        t -> t.bindConnected(pair(at(HOST, 8000), client), "new", true));
    s.expect("old isReleased()", t -> old.isReleased(), true);
    s.expect("lookup " + HOST + ":8000 from " + client + " owner",
        t -> owner(t.lookup(at(HOST, 8000), client)), "new");
    s.expect("server isReleased()", t -> server.isReleased(), false);
    s.expect("size()", PortTable::size, 2);

    Script<PortTable<Object>> r = table("a released live connection stops blocking");
    Endpoint other = at(OTHER, 40001);
    PortBinding<Object> live = r.get("bindConnected " + HOST + ":8001 <-> " + client,
        t -> t.bindConnected(pair(at(HOST, 8001), client), "live"));
    PortBinding<Object> waiting = r.get("bindConnected " + HOST + ":8001 <-> " + other,
        t -> t.bindConnected(pair(at(HOST, 8001), other), "waiting"));
    r.act("waiting.setState(TIME_WAIT)", t -> waiting.setState(PortState.TIME_WAIT));
    r.expectThrows("bind " + HOST + ":8001 with reuseAddress beside the live one",
        BindException.class, t -> t.bind(at(HOST, 8001), "server", true), "8001");
    r.act("release the live connection", t -> live.release());
    r.expect("bind " + HOST + ":8001 with reuseAddress beside TIME_WAIT only, local()",
        t -> t.bind(at(HOST, 8001), "server", true).local(), at(HOST, 8001));
  }

  @Test
  @Rule(id = "PORT-11", cites = "contract: PortTable (snapshot); netstat",
      hint = "If this fails, check that snapshot() lists every live entry with its protocol,"
          + " local and remote endpoints and state, unconnected before connected")
  void snapshotListsEveryLiveEntry() {
    Script<PortTable<Object>> s = table("snapshot", UDP, PortTableConfig.defaults());
    Endpoint peer = at(OTHER, 53);
    s.get("bind " + HOST + ":5353", t -> t.bind(at(HOST, 5353), "plain"));
    PortBinding<Object> c = s.get("bindConnected " + HOST + ":5353 <-> " + peer,
        t -> t.bindConnected(pair(at(HOST, 5353), peer), "connected"));
    s.expect("snapshot() rows", t -> t.snapshot().stream()
        .map(r -> r.protocol() + " " + r.local() + " " + r.remote() + " " + r.state())
        .toList(), java.util.List.of(
            "UDP " + HOST + ":5353 null BOUND", "UDP " + HOST + ":5353 " + peer + " ESTABLISHED"));
    s.act("release the connected entry", t -> c.release());
    s.expect("snapshot() size", t -> t.snapshot().size(), 1);
  }

  @Test
  @Rule(id = "PORT-12", cites = "contract: PortTable (bind rules, demux); RFC 9293 §3.9.1.1",
      hint = "If this fails, read the shortest failing script: after each bind or release, bind"
          + " must succeed exactly when no overlapping entry holds the endpoint or pair, and"
          + " lookup must return the most specific live entry")
  void agreesWithTheModelOnEveryScriptOfBindsReleasesAndLookups() {
    ScriptProperty.of("binds, releases and lookups agree with the model",
            () -> new PortModelFixture(factory().create(TCP, PortTableConfig.defaults())),
            PortModelFixture.operations())
        .length(1, 25)
        .examples(300)
        .check();
  }

  private static Object owner(PortBinding<Object> binding) {
    return binding == null ? null : binding.owner();
  }
}
