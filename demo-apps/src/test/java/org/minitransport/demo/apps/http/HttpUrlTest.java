package org.minitransport.demo.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minitransport.core.address.Endpoint;

class HttpUrlTest {

  @Test
  void parsesAddressPortAndPath() {
    HttpUrl url = HttpUrl.parse("http://10.0.0.2:8080/docs/a.html?x=1");
    assertEquals(Endpoint.of("10.0.0.2", 8080), url.server());
    assertEquals("/docs/a.html?x=1", url.path());
  }

  @Test
  void portDefaultsTo80AndPathToSlash() {
    assertEquals(new HttpUrl(Endpoint.of("10.0.0.2", 80), "/"), HttpUrl.parse("HTTP://10.0.0.2"));
  }

  @Test
  void rejectsOtherSchemes() {
    assertMessage("https://10.0.0.2/", "must start with http://");
  }

  @Test
  void rejectsHostNames() {
    assertMessage("http://localhost/", "needs an IPv4 address as its host");
  }

  @Test
  void rejectsBadPorts() {
    assertMessage("http://10.0.0.2:0/", "port '0'; expected 1-65535");
    assertMessage("http://10.0.0.2:/", "port ''; expected 1-65535");
    assertMessage("http://10.0.0.2:8x/", "port '8x'; expected 1-65535");
  }

  @Test
  void rejectsSpacesAndUserInformation() {
    assertMessage("http://10.0.0.2/a b", "contains a space");
    assertMessage("http://me@10.0.0.2/", "user information");
  }

  private static void assertMessage(String url, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpUrl.parse(url));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(url), "names the URL: " + e.getMessage());
  }
}
