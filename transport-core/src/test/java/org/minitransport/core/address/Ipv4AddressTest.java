package org.minitransport.core.address;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4AddressTest {

  @Nested
  class Parsing {

    @Test
    void parsesDottedQuadMostSignificantOctetFirst() {
      assertEquals(0x0A000001, Ipv4Address.parse("10.0.0.1").bits());
      assertEquals(0xFFFFFFFF, Ipv4Address.parse("255.255.255.255").bits());
      assertEquals(Ipv4Address.ANY, Ipv4Address.parse("0.0.0.0"));
      assertEquals(Ipv4Address.LOOPBACK, Ipv4Address.parse("127.0.0.1"));
    }

    @Test
    void formatsAsDottedQuadWithHighOctetsUnsigned() {
      assertEquals("192.168.200.254", new Ipv4Address(0xC0A8C8FE).toString());
      assertEquals("255.255.255.255", new Ipv4Address(-1).toString());
      assertEquals("0.0.0.0", Ipv4Address.ANY.toString());
    }

    @ParameterizedTest(name = "''{0}'' is rejected naming ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "10.0.0|found 3 part(s)",
        "10.0.0.1.2|found 5 part(s)",
        "10|found 1 part(s)",
        "''|found 1 part(s)",
        "10..0.1|octet 2 '' is not a decimal number 0-255",
        "10.0.0.|octet 4 '' is not a decimal number 0-255",
        ".10.0.0|octet 1 '' is not a decimal number 0-255",
        "10.0.0.x|octet 4 'x' is not a decimal number 0-255",
        "10.-1.0.1|octet 2 '-1' is not a decimal number 0-255",
        "10.+1.0.1|octet 2 '+1' is not a decimal number 0-255",
        "10.0.0.1000|octet 4 '1000' is not a decimal number 0-255",
        "10.0.0. 1|octet 4 ' 1' is not a decimal number 0-255",
        "256.0.0.1|octet 1 is 256, above 255",
        "1.2.3.999|octet 4 is 999, above 255",
    })
    void rejectsMalformedTextNamingTheBadPart(String text, String expectedFragment) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
      assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
      assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void rejectsNonAsciiDigits() {
      // Arabic-Indic digit one: Character.isDigit would accept it, a dotted quad must not.
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> Ipv4Address.parse("10.0.0.\u0661"));
      assertTrue(e.getMessage().contains("octet 4"), e.getMessage());
    }

    @Test
    void rejectsNullWithAMessageRatherThanAnNpe() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(null));
      assertTrue(e.getMessage().contains("null"), e.getMessage());
    }
  }

  @Nested
  class Octets {

    @Test
    void buildsFromFourOctets() {
      assertEquals(Ipv4Address.parse("192.168.1.20"), Ipv4Address.of(192, 168, 1, 20));
    }

    @ParameterizedTest
    @CsvSource({"256,0,0,0,first octet 256", "0,-1,0,0,second octet -1",
        "0,0,300,0,third octet 300", "0,0,0,999,fourth octet 999"})
    void rejectsAnOctetOutOfRangeNamingWhichOne(int a, int b, int c, int d, String named) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Ipv4Address.of(a, b, c, d));
      assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void readsAndWritesNetworkOrderBytesAtAnOffset() {
      byte[] buffer = {9, 9, 10, 0, (byte) 200, 1, 9};
      Ipv4Address address = Ipv4Address.fromBytes(buffer, 2);
      assertEquals(Ipv4Address.parse("10.0.200.1"), address);

      byte[] out = new byte[6];
      address.writeTo(out, 1);
      assertArrayEquals(new byte[] {0, 10, 0, (byte) 200, 1, 0}, out);
      assertArrayEquals(new byte[] {10, 0, (byte) 200, 1}, address.toBytes());
    }

    @Test
    void convertsToAndFromJavaNetAddresses() throws Exception {
      Ipv4Address address = Ipv4Address.parse("172.16.5.4");
      InetAddress inet = address.toInetAddress();
      assertEquals("172.16.5.4", inet.getHostAddress());
      assertEquals(address, Ipv4Address.fromInetAddress(inet));
    }

    @Test
    void refusesAnIpv6JavaNetAddress() throws Exception {
      InetAddress v6 = InetAddress.getByName("::1");
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> Ipv4Address.fromInetAddress(v6));
      assertTrue(e.getMessage().contains("not an IPv4 address"), e.getMessage());
    }

    @Test
    void unsignedValueIsNeverNegative() {
      assertEquals(0xFFFFFFFFL, new Ipv4Address(-1).unsignedValue());
      assertEquals(0x0A000001L, Ipv4Address.parse("10.0.0.1").unsignedValue());
    }

    @Test
    void onlyZeroIsTheWildcard() {
      assertTrue(Ipv4Address.ANY.isAny());
      assertFalse(Ipv4Address.parse("0.0.0.1").isAny());
    }
  }

  @Nested
  class Prefixes {

    private final Ipv4Address net10 = Ipv4Address.parse("10.0.0.0");

    @Test
    void matchesAddressesInsideThePrefix() {
      assertTrue(Ipv4Address.parse("10.255.3.4").isIn(net10, 8));
      assertTrue(Ipv4Address.parse("10.0.0.0").isIn(net10, 8));
      assertTrue(Ipv4Address.parse("192.168.1.130").isIn(Ipv4Address.parse("192.168.1.128"), 25));
    }

    @Test
    void rejectsAddressesOutsideThePrefix() {
      assertFalse(Ipv4Address.parse("11.0.0.0").isIn(net10, 8));
      assertFalse(Ipv4Address.parse("192.168.1.127").isIn(Ipv4Address.parse("192.168.1.128"), 25));
    }

    @Test
    void lengthZeroMatchesEverythingAndLength32OnlyTheAddress() {
      assertTrue(Ipv4Address.parse("203.0.113.9").isIn(net10, 0));
      assertTrue(Ipv4Address.parse("10.0.0.7").isIn(Ipv4Address.parse("10.0.0.7"), 32));
      assertFalse(Ipv4Address.parse("10.0.0.6").isIn(Ipv4Address.parse("10.0.0.7"), 32));
    }

    @Test
    void ignoresHostBitsOfThePrefixItself() {
      assertTrue(Ipv4Address.parse("10.1.2.3").isIn(Ipv4Address.parse("10.9.9.9"), 8));
    }

    @Test
    void comparesHighAddressesAsUnsignedInPrefixes() {
      assertTrue(Ipv4Address.parse("240.1.2.3").isIn(Ipv4Address.parse("240.0.0.0"), 4));
      assertFalse(Ipv4Address.parse("112.1.2.3").isIn(Ipv4Address.parse("240.0.0.0"), 4));
    }

    @ParameterizedTest
    @CsvSource({"-1", "33"})
    void rejectsAPrefixLengthOutside0To32(int length) {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> Ipv4Address.LOOPBACK.isIn(net10, length));
      assertTrue(e.getMessage().contains("prefix length " + length), e.getMessage());
    }
  }

  @Nested
  class Ordering {

    @Test
    void ordersAsUnsignedNumbers() {
      List<Ipv4Address> addresses = new ArrayList<>(List.of(
          Ipv4Address.parse("255.0.0.1"),
          Ipv4Address.parse("10.0.0.2"),
          Ipv4Address.parse("128.0.0.0"),
          Ipv4Address.parse("10.0.0.1"),
          Ipv4Address.parse("0.0.0.0")));
      Collections.sort(addresses);
      assertEquals(
          List.of("0.0.0.0", "10.0.0.1", "10.0.0.2", "128.0.0.0", "255.0.0.1"),
          addresses.stream().map(Ipv4Address::toString).toList());
    }

    @Test
    void equalAddressesCompareAsZeroAndHashAlike() {
      Ipv4Address a = Ipv4Address.parse("10.0.0.1");
      Ipv4Address b = Ipv4Address.of(10, 0, 0, 1);
      assertEquals(0, a.compareTo(b));
      assertEquals(a, b);
      assertEquals(a.hashCode(), b.hashCode());
    }
  }
}
