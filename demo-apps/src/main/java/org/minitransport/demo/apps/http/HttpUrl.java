package org.minitransport.demo.apps.http;

import java.util.Locale;
import java.util.Objects;
import org.minitransport.core.address.Endpoint;
import org.minitransport.core.address.Ipv4Address;

/**
 * An {@code http} URL with a virtual IPv4 address as its host (RFC 1945 §3.2.2; there is no DNS
 * on the virtual network): {@code http://10.0.0.2:8080/docs/index.html}. The port defaults to
 * 80, the path to {@code /}.
 *
 * @param server the server's endpoint
 * @param path the abs_path with any query, as it goes on the request line
 */
public record HttpUrl(Endpoint server, String path) {

  public HttpUrl {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the bad part: not http, no IPv4 host, a bad port,
   *     spaces or control characters
   */
  public static HttpUrl parse(String text) {
    Objects.requireNonNull(text, "url");
    if (!text.toLowerCase(Locale.ROOT).startsWith("http://")) {
      throw new IllegalArgumentException("URL '" + text + "' must start with http://");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("URL '" + text
            + "' contains a space or control character (write %20 for a space)");
      }
    }
    String rest = text.substring(7);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    if (authority.contains("@")) {
      throw new IllegalArgumentException("URL '" + text + "' has user information; not supported");
    }
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    int port = 80;
    if (colon >= 0) {
      String portText = authority.substring(colon + 1);
      if (portText.isEmpty() || portText.length() > 5
          || !portText.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > Endpoint.MAX_PORT) {
        throw new IllegalArgumentException(
            "URL '" + text + "' has port '" + portText + "'; expected 1-65535");
      }
      port = Integer.parseInt(portText);
    }
    Ipv4Address address;
    try {
      address = Ipv4Address.parse(host);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("URL '" + text + "' needs an IPv4 address as its host "
          + "(the virtual network has no DNS), not '" + host + "'");
    }
    return new HttpUrl(new Endpoint(address, port), path);
  }

  @Override
  public String toString() {
    return "http://" + server + path;
  }
}
