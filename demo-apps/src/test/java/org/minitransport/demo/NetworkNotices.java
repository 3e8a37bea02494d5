package org.minitransport.demo;

import java.util.stream.Collectors;

/** The lines an app prints about its network before it starts (see DemoNetwork.open). */
final class NetworkNotices {

  private NetworkNotices() {}

  /** {@code err} without its network notice lines. */
  static String strip(String err) {
    return err.lines()
        .filter(line -> !line.startsWith("network sim: ") && !line.startsWith("network tun: ")
            && !line.startsWith("impairments on network "))
        .map(line -> line + "\n")
        .collect(Collectors.joining());
  }
}
