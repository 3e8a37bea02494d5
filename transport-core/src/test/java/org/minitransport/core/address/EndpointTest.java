package org.minitransport.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

  @Nested
  class Parsing {

    @Test
    void parsesAddressColonPort() {
      Endpoint endpoint = Endpoint.parse("10.0.0.1:80");
      assertEquals(Ipv4Address.parse("10.0.0.1"), endpoint.address());
      assertEquals(80, endpoint.port());
    }

    @Test
    void acceptsTheWholePortRangeIncludingZero() {
      assertEquals(0, Endpoint.parse("0.0.0.0:0").port());
      assertEquals(65_535, Endpoint.parse("10.0.0.1:65535").port());
    }

    @Test
    void formatsAsAddressColonPort() {
      assertEquals("192.168.0.9:8080", Endpoint.of("192.168.0.9", 8080).toString());
    }

    @ParameterizedTest(name = "''{0}'' is rejected naming ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1|found no ':'",
        "10.0.0.1:|port '' is not a decimal number 0-65535",
        "10.0.0.1:http|port 'http' is not a decimal number 0-65535",
        "10.0.0.1:-1|port '-1' is not a decimal number 0-65535",
        "10.0.0.1:+80|port '+80' is not a decimal number 0-65535",
        "10.0.0.1:123456|port '123456' is not a decimal number 0-65535",
        "10.0.0.1:65536|port 65536 is above 65535",
        "10.0.0.1:99999|port 99999 is above 65535",
        ":80|bad IPv4 address ''",
        "10.0.0:80|bad IPv4 address '10.0.0': expected four dot-separated octets",
        "10.0.0.256:80|octet 4 is 256, above 255",
        "10.0.0.1:80:81|bad IPv4 address '10.0.0.1:80'",
    })
    void rejectsMalformedTextNamingTheBadPart(String text, String expectedFragment) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(text));
      assertTrue(e.getMessage().startsWith("bad endpoint '" + text + "'"), e.getMessage());
      assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void rejectsNullWithAMessageRatherThanAnNpe() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(null));
      assertTrue(e.getMessage().contains("null"), e.getMessage());
    }
  }

  @Nested
  class Construction {

    @ParameterizedTest
    @ValueSource(ints = {-1, 65_536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void rejectsAPortOutsideTheRangeNamingIt(int port) {
      IllegalArgumentException e = assertThrows(
          IllegalArgumentException.class, () -> new Endpoint(Ipv4Address.LOOPBACK, port));
      assertEquals("port " + port + " is outside 0-65535", e.getMessage());
    }

    @Test
    void rejectsANullAddress() {
      NullPointerException e =
          assertThrows(NullPointerException.class, () -> new Endpoint(null, 80));
      assertEquals("address", e.getMessage());
    }

    @Test
    void checkPortReturnsAValidPort() {
      assertEquals(443, Endpoint.checkPort(443));
    }

    @Test
    void withPortKeepsTheAddress() {
      Endpoint endpoint = Endpoint.of("10.0.0.1", 80).withPort(8080);
      assertEquals(Endpoint.of("10.0.0.1", 8080), endpoint);
    }

    @Test
    void convertsToAJavaNetSocketAddress() {
      InetSocketAddress socketAddress = Endpoint.of("127.0.0.1", 5353).toInetSocketAddress();
      assertEquals("127.0.0.1", socketAddress.getAddress().getHostAddress());
      assertEquals(5353, socketAddress.getPort());
    }
  }

  @Test
  void ordersByAddressThenPort() {
    List<Endpoint> endpoints = new ArrayList<>(List.of(
        Endpoint.of("200.0.0.1", 1),
        Endpoint.of("10.0.0.2", 80),
        Endpoint.of("10.0.0.1", 443),
        Endpoint.of("10.0.0.1", 80)));
    Collections.sort(endpoints);
    assertEquals(
        List.of("10.0.0.1:80", "10.0.0.1:443", "10.0.0.2:80", "200.0.0.1:1"),
        endpoints.stream().map(Endpoint::toString).toList());
  }
}
