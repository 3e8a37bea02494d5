package org.minitransport.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hashing;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.address.SocketPair;
import org.minitransport.core.wire.IpProtocol;

/**
 * The reference table's behaviour beyond the port-table contract that transport-tck's {@code
 * PortTableVerification} checks (that suite runs against this class in {@code
 * HashedPortTableVerificationTest}): the {@code SO_REUSEADDR} coexistence rules, RFC 6056
 * Algorithm 4's actual choices and secrets, binding states, snapshot order and immutability, and
 * concurrent use.
 */
class HashedPortTableTest {

  private static final Ipv4Address ANY = Ipv4Address.ANY;
  private static final Ipv4Address LOCAL_A = Ipv4Address.parse("10.0.0.1");
  private static final Ipv4Address LOCAL_B = Ipv4Address.parse("10.0.0.2");
  private static final Ipv4Address REMOTE_1 = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address REMOTE_2 = Ipv4Address.parse("192.0.2.2");
  private static final int SERVICE_PORT = 8080;

  private final PortTable<String> table = new HashedPortTable<>(IpProtocol.TCP, PortTableConfig.defaults());

  private static Endpoint at(Ipv4Address address, int port) {
    return new Endpoint(address, port);
  }

  private static SocketPair pair(Ipv4Address local, int localPort, Ipv4Address remote, int port) {
    return new SocketPair(at(local, localPort), at(remote, port));
  }

  private static PortTable<String> tableWith(PortTableConfig config) {
    return new HashedPortTable<>(IpProtocol.TCP, config);
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' names " + part);
    }
  }

  @Test
  void rejectsAProtocolWithoutPorts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HashedPortTable<String>(IpProtocol.ICMP, PortTableConfig.defaults()));
    assertMentions(e, "ICMP");
  }

  @Nested
  class UnconnectedBinds {

    @Test
    void bindsASpecificEndpointInStateBound() throws BindException {
      PortBinding<String> binding = table.bind(at(LOCAL_A, SERVICE_PORT), "server");
      assertEquals(at(LOCAL_A, SERVICE_PORT), binding.local());
      assertNull(binding.remote());
      assertFalse(binding.isConnected());
      assertEquals(PortState.BOUND, binding.state());
      assertEquals("server", binding.owner());
      assertEquals(IpProtocol.TCP, binding.protocol());
      assertEquals(1, table.size());
    }

    @Test
    void wildcardAndSpecificBindingsCoexistWhenBothReuseAddress() throws BindException {
      PortBinding<String> wildcard = table.bind(at(ANY, SERVICE_PORT), "wildcard", true);
      PortBinding<String> specific = table.bind(at(LOCAL_A, SERVICE_PORT), "specific", true);
      assertTrue(wildcard.reuseAddress() && specific.reuseAddress());
      assertEquals(2, table.size());
    }

    @Test
    void wildcardAndSpecificConflictUnlessBothReuseAddress() throws BindException {
      table.bind(at(ANY, SERVICE_PORT), "wildcard");
      assertThrows(
          BindException.class, () -> table.bind(at(LOCAL_A, SERVICE_PORT), "specific", true));
      table.bind(at(LOCAL_B, SERVICE_PORT + 1), "specific", true);
      assertThrows(
          BindException.class, () -> table.bind(at(ANY, SERVICE_PORT + 1), "wildcard", false));
    }

    @Test
    void theSameAddressNeverCoexistsEvenWithReuseAddress() throws BindException {
      table.bind(at(ANY, SERVICE_PORT), "first", true);
      assertThrows(BindException.class, () -> table.bind(at(ANY, SERVICE_PORT), "second", true));
      table.bind(at(LOCAL_A, SERVICE_PORT + 1), "first", true);
      assertThrows(
          BindException.class, () -> table.bind(at(LOCAL_A, SERVICE_PORT + 1), "second", true));
    }

    @Test
    void differentPortsDoNotConflict() throws BindException {
      table.bind(at(ANY, SERVICE_PORT), "one");
      table.bind(at(ANY, SERVICE_PORT + 1), "two");
      assertEquals(2, table.size());
    }

    @Test
    void tcpAndUdpTablesAreSeparateNamespaces() throws BindException {
      PortTable<String> udp = new HashedPortTable<>(IpProtocol.UDP, PortTableConfig.defaults());
      table.bind(at(ANY, SERVICE_PORT), "tcp");
      PortBinding<String> udpBinding = udp.bind(at(ANY, SERVICE_PORT), "udp");
      assertEquals(IpProtocol.UDP, udpBinding.protocol());
    }

    @Test
    void rejectsNullOwner() {
      assertThrows(NullPointerException.class, () -> table.bind(at(ANY, SERVICE_PORT), null));
    }
  }

  @Nested
  class Privilege {

    @Test
    void connectedEntriesShareAWellKnownPortWithoutPrivilege() throws BindException {
      PortBinding<String> accepted = table.bindConnected(pair(LOCAL_A, 80, REMOTE_1, 40_000), "c");
      assertEquals(80, accepted.local().port());
    }

    @Test
    void ephemeralChoiceIsNotSubjectToPrivilege() throws BindException {
      PortTable<String> lowRange =
          tableWith(PortTableConfig.builder().ephemeralRange(1000, 1000).build());
      assertEquals(1000, lowRange.bind(at(ANY, 0), "x").local().port());
    }
  }

  @Nested
  class ConnectedEntries {

    @Test
    void aConnectionOutlivingItsListenerKeepsTheAddressFromANewBind() throws BindException {
      table.bind(at(ANY, SERVICE_PORT), "listener").release();
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "conn");
      BindException e =
          assertThrows(BindException.class, () -> table.bind(at(ANY, SERVICE_PORT), "restart"));
      assertMentions(e, "0.0.0.0:8080", "10.0.0.1:8080 <-> 192.0.2.1:40000 ESTABLISHED");
      assertThrows(BindException.class, () -> table.bind(at(LOCAL_A, SERVICE_PORT), "specific"));
    }

    @Test
    void aConnectionOnAnotherLocalAddressLeavesASpecificBindFree() throws BindException {
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "conn");
      assertEquals(LOCAL_B, table.bind(at(LOCAL_B, SERVICE_PORT), "b").local().address());
    }
  }

  @Nested
  class TimeWait {

    private final SocketPair pair = pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000);

    private PortBinding<String> connectionInTimeWait() throws BindException {
      PortBinding<String> connection = table.bindConnected(pair, "old");
      connection.setState(PortState.TIME_WAIT);
      return connection;
    }

    @Test
    void reuseAddressDoesNotTakeOverALivePair() throws BindException {
      table.bindConnected(pair, "live");
      assertThrows(BindException.class, () -> table.bindConnected(pair, "new", true));
    }

    @Test
    void reuseAddressLetsAListenerBindBesideTimeWaitConnections() throws BindException {
      connectionInTimeWait();
      table.bindConnected(pair(LOCAL_B, SERVICE_PORT, REMOTE_2, 40_000), "other")
          .setState(PortState.TIME_WAIT);
      PortBinding<String> restarted = table.bind(at(ANY, SERVICE_PORT), "restart", true);
      assertEquals(3, table.size());
      assertSame(
          restarted, table.lookup(at(LOCAL_A, SERVICE_PORT), at(REMOTE_2, 1234)),
          "new SYNs reach the listener");
      assertEquals(
          PortState.TIME_WAIT, table.lookup(pair.local(), pair.remote()).state(),
          "segments of the old connection still reach it");
    }

    @Test
    void reuseAddressDoesNotPassALiveConnection() throws BindException {
      connectionInTimeWait();
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_2, 40_000), "live");
      BindException e =
          assertThrows(
              BindException.class, () -> table.bind(at(ANY, SERVICE_PORT), "restart", true));
      assertMentions(e, "192.0.2.2:40000 ESTABLISHED");
      assertThrows(
          BindException.class, () -> table.bind(at(LOCAL_A, SERVICE_PORT), "restart", true));
    }

    @Test
    void reuseAddressStillExcludesAnotherUnconnectedBinding() throws BindException {
      table.bind(at(LOCAL_A, SERVICE_PORT), "listener");
      assertThrows(
          BindException.class, () -> table.bind(at(LOCAL_A, SERVICE_PORT), "second", true));
    }

    @Test
    void leavingTimeWaitBlocksReuseAgain() throws BindException {
      PortBinding<String> connection = connectionInTimeWait();
      connection.setState(PortState.CLOSING);
      assertThrows(
          BindException.class, () -> table.bind(at(ANY, SERVICE_PORT), "restart", true));
      connection.setState(PortState.TIME_WAIT);
      assertFalse(table.bind(at(ANY, SERVICE_PORT), "restart", true).isReleased());
    }
  }

  @Nested
  class States {

    @Test
    void ownerMovesAListenerToListen() throws BindException {
      PortBinding<String> listener = table.bind(at(ANY, SERVICE_PORT), "l");
      listener.setState(PortState.LISTEN);
      assertEquals(PortState.LISTEN, listener.state());
    }

    @Test
    void rejectsAConnectionStateOnAnUnconnectedBinding() throws BindException {
      PortBinding<String> listener = table.bind(at(ANY, SERVICE_PORT), "l");
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> listener.setState(PortState.TIME_WAIT));
      assertMentions(e, "TIME_WAIT", "0.0.0.0:8080");
    }

    @Test
    void rejectsListenOnAConnectedBinding() throws BindException {
      PortBinding<String> connection =
          table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "c");
      assertThrows(IllegalArgumentException.class, () -> connection.setState(PortState.LISTEN));
    }

    @Test
    void socketPairOfAnUnconnectedBindingIsAnError() throws BindException {
      PortBinding<String> listener = table.bind(at(ANY, SERVICE_PORT), "l");
      assertThrows(IllegalStateException.class, listener::socketPair);
    }
  }

  @Nested
  class Release {

    @Test
    void releasingTheLastConnectionUnblocksAListenerBind() throws BindException {
      PortBinding<String> connection =
          table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "conn");
      assertThrows(BindException.class, () -> table.bind(at(ANY, SERVICE_PORT), "l"));
      connection.release();
      assertEquals("l", table.bind(at(ANY, SERVICE_PORT), "l").owner());
    }
  }

  @Nested
  class EphemeralPorts {

    private final PortTableConfig tiny = PortTableConfig.builder().ephemeralRange(50_000, 50_003).build();

    @Test
    void connectExhaustionNamesThePair() throws BindException {
      PortTable<String> small = tableWith(tiny);
      SocketPair request = pair(LOCAL_A, 0, REMOTE_1, 80);
      for (int i = 0; i < 4; i++) {
        small.bindConnected(request, "c" + i);
      }
      BindException e = assertThrows(BindException.class, () -> small.bindConnected(request, "x"));
      assertMentions(e, "no free ephemeral port in 50000-50003 for TCP 10.0.0.1:0 <-> 192.0.2.1:80");
    }

    @Test
    void differentRemotesMayReuseTheSameEphemeralPort() throws BindException {
      PortTable<String> onePort =
          tableWith(PortTableConfig.builder().ephemeralRange(50_000, 50_000).build());
      PortBinding<String> toFirst = onePort.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 80), "a");
      PortBinding<String> toSecond = onePort.bindConnected(pair(LOCAL_A, 0, REMOTE_2, 80), "b");
      PortBinding<String> toOtherPort = onePort.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 81), "c");
      assertEquals(50_000, toFirst.local().port());
      assertEquals(50_000, toSecond.local().port());
      assertEquals(50_000, toOtherPort.local().port());
      assertThrows(
          BindException.class, () -> onePort.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 80), "d"));
    }

    @Test
    void anUnconnectedEphemeralBindAvoidsPortsUsedByConnections() throws BindException {
      PortTable<String> small = tableWith(tiny);
      for (int port = 50_000; port < 50_003; port++) {
        small.bindConnected(pair(LOCAL_A, port, REMOTE_1, 80), "conn" + port);
      }
      assertEquals(50_003, small.bind(at(ANY, 0), "client").local().port());
    }

    @Test
    void firstChoiceIsTheKeyedHashOffsetOfAlgorithm4() throws BindException {
      long key0 = 0x0123456789ABCDEFL;
      long key1 = 0x0FEDCBA987654321L;
      PortTable<String> keyed = tableWith(PortTableConfig.builder().secret(key0, key1).build());
      long offsetHash =
          Hashing.sipHash24(key0, key1)
              .newHasher()
              .putByte((byte) 'F')
              .putInt(LOCAL_A.bits())
              .putInt(REMOTE_1.bits())
              .putShort((short) 80)
              .hash()
              .asLong();
      int expected = 49_152 + (int) Long.remainderUnsigned(offsetHash, 16_384);
      int first = keyed.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 80), "a").local().port();
      int second = keyed.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 80), "b").local().port();
      assertEquals(expected, first);
      assertEquals(expected == 65_535 ? 49_152 : expected + 1, second,
          "the bumped perturbation slot moves the next search one port up");
    }

    @Test
    void theSameSecretGivesTheSamePorts() throws BindException {
      PortTableConfig config = PortTableConfig.builder().secret(11, 22).build();
      assertEquals(allocate(tableWith(config)), allocate(tableWith(config)));
    }

    @Test
    void differentSecretsGiveDifferentPorts() throws BindException {
      List<Integer> one = allocate(tableWith(PortTableConfig.builder().secret(11, 22).build()));
      List<Integer> other = allocate(tableWith(PortTableConfig.builder().secret(33, 44).build()));
      assertNotEquals(one, other);
    }

    private List<Integer> allocate(PortTable<String> keyed) throws BindException {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ports.add(keyed.bindConnected(pair(LOCAL_A, 0, REMOTE_1, 80), "a").local().port());
        ports.add(keyed.bindConnected(pair(LOCAL_B, 0, REMOTE_2, 443 + i), "b").local().port());
        ports.add(keyed.bind(at(ANY, 0), "u").local().port());
      }
      return ports;
    }
  }

  @Nested
  class Lookup {

    @Test
    void aConnectedEntryMatchesOnlyItsOwnRemote() throws BindException {
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "conn");
      assertNull(table.lookup(at(LOCAL_A, SERVICE_PORT), at(REMOTE_1, 40_001)));
      assertNull(table.lookup(at(LOCAL_A, SERVICE_PORT), at(REMOTE_2, 40_000)));
      assertNull(table.lookup(at(LOCAL_B, SERVICE_PORT), at(REMOTE_1, 40_000)));
    }

    @Test
    void aSpecificBindingDoesNotCatchOtherAddresses() throws BindException {
      table.bind(at(LOCAL_A, SERVICE_PORT), "a");
      assertNull(table.lookup(at(LOCAL_B, SERVICE_PORT), at(REMOTE_1, 1)));
    }

    @Test
    void primitiveLookupAgreesWithEndpointLookup() throws BindException {
      PortBinding<String> listener = table.bind(at(ANY, SERVICE_PORT), "l");
      PortBinding<String> connection =
          table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "c");
      assertSame(connection, table.lookup(LOCAL_A.bits(), SERVICE_PORT, REMOTE_1.bits(), 40_000));
      assertSame(listener, table.lookup(LOCAL_A.bits(), SERVICE_PORT, REMOTE_1.bits(), 40_001));
      assertNull(table.lookup(LOCAL_A.bits(), SERVICE_PORT + 1, REMOTE_1.bits(), 40_000));
    }

    @Test
    void primitiveLookupRejectsAPortOutOfRangeNamingIt() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> table.lookup(LOCAL_A.bits(), 70_000, REMOTE_1.bits(), 1));
      assertMentions(e, "70000");
    }
  }

  @Nested
  class Snapshot {

    @Test
    void listsEveryEntrySortedWithProtocolStateAndOwner() throws BindException {
      table.bind(at(LOCAL_B, 9000), "other");
      table.bind(at(ANY, SERVICE_PORT), "listener").setState(PortState.LISTEN);
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_2, 40_000), "conn2")
          .setState(PortState.TIME_WAIT);
      table.bindConnected(pair(LOCAL_A, SERVICE_PORT, REMOTE_1, 40_000), "conn1");

      List<BindingSnapshot> rows = table.snapshot();

      assertEquals(
          List.of(
              new BindingSnapshot(
                  IpProtocol.TCP, at(ANY, SERVICE_PORT), null, PortState.LISTEN, "listener"),
              new BindingSnapshot(
                  IpProtocol.TCP, at(LOCAL_A, SERVICE_PORT), at(REMOTE_1, 40_000),
                  PortState.ESTABLISHED, "conn1"),
              new BindingSnapshot(
                  IpProtocol.TCP, at(LOCAL_A, SERVICE_PORT), at(REMOTE_2, 40_000),
                  PortState.TIME_WAIT, "conn2"),
              new BindingSnapshot(IpProtocol.TCP, at(LOCAL_B, 9000), null, PortState.BOUND, "other")),
          rows);
      assertEquals("TCP 0.0.0.0:8080 *:* LISTEN listener", rows.get(0).toString());
    }

    @Test
    void isImmutableAndUnaffectedByLaterChanges() throws BindException {
      PortBinding<String> binding = table.bind(at(ANY, SERVICE_PORT), "l");
      List<BindingSnapshot> before = table.snapshot();
      binding.setState(PortState.LISTEN);
      binding.release();
      assertEquals(PortState.BOUND, before.get(0).state());
      assertThrows(UnsupportedOperationException.class, () -> before.remove(0));
      assertTrue(table.snapshot().isEmpty());
    }
  }

  @Nested
  class Threads {

    @Test
    void concurrentEphemeralBindsNeverShareAPort() throws Exception {
      int threads = 4;
      int bindsPerThread = 500;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String owner = "thread" + t;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<Integer> ports = new ArrayList<>();
                    for (int i = 0; i < bindsPerThread; i++) {
                      ports.add(table.bind(at(ANY, 0), owner).local().port());
                    }
                    return ports;
                  }));
        }
        start.countDown();
        Set<Integer> all = new HashSet<>();
        for (Future<List<Integer>> result : results) {
          all.addAll(result.get(30, TimeUnit.SECONDS));
        }
        assertEquals(threads * bindsPerThread, all.size());
        assertEquals(threads * bindsPerThread, table.size());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
