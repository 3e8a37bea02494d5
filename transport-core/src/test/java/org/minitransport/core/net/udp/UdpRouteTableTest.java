package org.minitransport.core.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minitransport.core.address.Ipv4Address;

class UdpRouteTableTest {

  private static InetSocketAddress socket(String host, int port) {
    return new InetSocketAddress(parseLiteral(host), port);
  }

  private static InetAddress parseLiteral(String host) {
    return Ipv4Address.parse(host).toInetAddress();
  }

  private static Optional<InetSocketAddress> resolve(UdpRouteTable table, String address) {
    return table.resolve(Ipv4Address.parse(address));
  }

  @Nested
  class Parsing {

    @Test
    void parsesThePortOffsetConvention() {
      UdpRouteTable table = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+");

      assertEquals(
          List.of(UdpRoute.portOffset(Ipv4Address.parse("10.0.0.0"), 24,
              parseLiteral("127.0.0.1"), 40000)),
          table.routes());
    }

    @Test
    void parsesAHostRouteWithoutALength() {
      UdpRouteTable table = UdpRouteTable.parse("10.0.0.7=127.0.0.1:5555");

      assertEquals(
          List.of(UdpRoute.host(Ipv4Address.parse("10.0.0.7"), socket("127.0.0.1", 5555))),
          table.routes());
    }

    @Test
    void parsesAFixedPrefixRoute() {
      UdpRouteTable table = UdpRouteTable.parse("10.0.1.0/24=192.0.2.1:5555");

      assertEquals(Optional.of(socket("192.0.2.1", 5555)), resolve(table, "10.0.1.200"));
    }

    @Test
    void parsesCommaSeparatedRoutesIgnoringSurroundingSpaces() {
      UdpRouteTable table =
          UdpRouteTable.parse(" 10.0.0.0/24 = 127.0.0.1:40000+ , 10.0.0.7=127.0.0.1:5555 ");

      assertEquals(2, table.routes().size());
      assertEquals(Optional.of(socket("127.0.0.1", 5555)), resolve(table, "10.0.0.7"));
    }

    @Test
    void textFormReadsBackIntoAnEqualTable() {
      String text = "10.0.0.0/24=127.0.0.1:40000+,10.0.0.7=127.0.0.1:5555,"
          + "10.0.1.0/24=192.0.2.1:6000,10.0.2.9/32=127.0.0.1:7000+";
      UdpRouteTable table = UdpRouteTable.parse(text);

      assertEquals(text, table.toString());
      assertEquals(table, UdpRouteTable.parse(table.toString()));
    }
  }

  @Nested
  class RejectingBadText {

    @ParameterizedTest(name = "''{0}'' names ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1                         | no '='",
        "10.0.0.300=127.0.0.1:5000        | octet 4 is 300",
        "10.0.0/24=127.0.0.1:5000         | '10.0.0'",
        "10.0.0.0/33=127.0.0.1:5000       | prefix length 33",
        "10.0.0.0/x=127.0.0.1:5000        | prefix length 'x'",
        "10.0.0.0/=127.0.0.1:5000         | prefix length ''",
        "10.0.0.5/24=127.0.0.1:5000       | 10.0.0.5/24 has host bits set",
        "10.0.0.1=127.0.0.1               | found no ':'",
        "10.0.0.1=127.0.0.1:70000         | port 70000",
        "10.0.0.1=127.0.0.1:0             | port 0",
        "10.0.0.1=127.0.0.1:http          | port 'http'",
        "10.0.0.1=localhost:5000          | 'localhost'",
        "10.0.0.0/16=127.0.0.1:40000+     | needs ports up to 105535",
    })
    void namesTheBadPartOfAnEntry(String text, String expectedPart) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> UdpRouteTable.parse(text));

      assertContains(e.getMessage(), expectedPart);
      assertContains(e.getMessage(), "route 1 of 1");
    }

    @Test
    void namesThePositionOfTheBadEntry() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+,10.0.0.9=127.0.0.1:99999"));

      assertContains(e.getMessage(), "route 2 of 2");
      assertContains(e.getMessage(), "'10.0.0.9=127.0.0.1:99999'");
    }

    @Test
    void rejectsAnEmptyEntryFromAStrayComma() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UdpRouteTable.parse("10.0.0.7=127.0.0.1:5555,"));

      assertContains(e.getMessage(), "route 2 of 2 is empty");
    }

    @Test
    void rejectsEmptyText() {
      assertContains(
          assertThrows(IllegalArgumentException.class, () -> UdpRouteTable.parse(" "))
              .getMessage(),
          "is empty");
    }

    @Test
    void rejectsTwoRoutesForOnePrefix() {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+,10.0.0.0/24=127.0.0.1:5000"));

      assertContains(e.getMessage(), "duplicates the prefix of route 10.0.0.0/24=127.0.0.1:40000+");
    }
  }

  @Nested
  class LongestPrefixMatch {

    private final UdpRouteTable table = UdpRouteTable.builder()
        .fixed(Ipv4Address.parse("0.0.0.0"), 0, socket("127.0.0.1", 1000))
        .host(Ipv4Address.parse("10.0.0.7"), socket("127.0.0.1", 4000))
        .fixed(Ipv4Address.parse("10.0.0.0"), 8, socket("127.0.0.1", 2000))
        .fixed(Ipv4Address.parse("10.0.0.0"), 24, socket("127.0.0.1", 3000))
        .build();

    @Test
    void hostRouteBeatsThePrefixContainingIt() {
      assertEquals(Optional.of(socket("127.0.0.1", 4000)), resolve(table, "10.0.0.7"));
    }

    @Test
    void longerPrefixBeatsShorterWhateverTheOrderAdded() {
      assertEquals(Optional.of(socket("127.0.0.1", 3000)), resolve(table, "10.0.0.8"));
      assertEquals(Optional.of(socket("127.0.0.1", 2000)), resolve(table, "10.0.1.8"));
    }

    @Test
    void defaultRouteCatchesEverythingElse() {
      assertEquals(Optional.of(socket("127.0.0.1", 1000)), resolve(table, "192.168.1.1"));
    }

    @Test
    void addressNoRouteCoversResolvesToEmpty() {
      UdpRouteTable narrow = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+");

      assertEquals(Optional.empty(), resolve(narrow, "10.0.1.1"));
      assertEquals(Optional.empty(), resolve(narrow, "9.255.255.255"));
    }

    @Test
    void routeForNamesTheMatchingRoute() {
      assertEquals("10.0.0.0/24=127.0.0.1:3000",
          table.routeFor(Ipv4Address.parse("10.0.0.1")).orElseThrow().toString());
    }
  }

  @Nested
  class PortOffsetConvention {

    private final UdpRouteTable table = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:40000+");

    @Test
    void hostNMapsToBasePortPlusN() {
      assertEquals(Optional.of(socket("127.0.0.1", 40001)), resolve(table, "10.0.0.1"));
      assertEquals(Optional.of(socket("127.0.0.1", 40042)), resolve(table, "10.0.0.42"));
    }

    @Test
    void coversTheWholePrefixFromNetworkToBroadcastAddress() {
      assertEquals(Optional.of(socket("127.0.0.1", 40000)), resolve(table, "10.0.0.0"));
      assertEquals(Optional.of(socket("127.0.0.1", 40255)), resolve(table, "10.0.0.255"));
    }

    @Test
    void keepsTheRealHostOfTheRule() {
      UdpRouteTable remote = UdpRouteTable.parse("10.0.0.0/28=192.0.2.5:50000+");

      assertEquals(Optional.of(socket("192.0.2.5", 50003)), resolve(remote, "10.0.0.3"));
    }

    @Test
    void acceptsAPrefixWhoseLastPortIs65535() {
      UdpRouteTable edge = UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:65280+");

      assertEquals(Optional.of(socket("127.0.0.1", 65535)), resolve(edge, "10.0.0.255"));
    }

    @Test
    void rejectsAPrefixWhoseLastPortWouldBe65536() {
      assertThrows(IllegalArgumentException.class,
          () -> UdpRouteTable.parse("10.0.0.0/24=127.0.0.1:65281+"));
    }
  }

  @Test
  void aRouteRefusesToResolveAnAddressItDoesNotCover() {
    UdpRoute route = UdpRoute.parse("10.0.0.0/24=127.0.0.1:40000+");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> route.resolve(Ipv4Address.parse("10.0.1.1")));
    assertContains(e.getMessage(), "10.0.1.1 is outside route 10.0.0.0/24=127.0.0.1:40000+");
  }

  private static void assertContains(String message, String expectedPart) {
    assertTrue(message.contains(expectedPart),
        () -> "message should contain \"" + expectedPart + "\", but was: " + message);
  }
}
