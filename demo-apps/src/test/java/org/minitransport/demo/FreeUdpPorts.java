package org.minitransport.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a base port for a {@code 10.0.0.0/24=127.0.0.1:BASE+} route on which hosts 10.0.0.1 to
 * 10.0.0.10 can attach: every loopback UDP port BASE+1..BASE+10 is probed by binding it.
 */
final class FreeUdpPorts {

  private static final int HOSTS = 10;
  private static final int TRIES = 50;

  private FreeUdpPorts() {}

  /** A base port whose next ten ports were free a moment ago. */
  static int findBase() throws IOException {
    for (int attempt = 0; attempt < TRIES; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - HOSTS);
      if (allFree(base)) {
        return base;
      }
    }
    throw new IOException("found no " + HOSTS + " consecutive free UDP ports in " + TRIES
        + " tries");
  }

  /** The route option value for {@code base}. */
  static String routes(int base) {
    return "10.0.0.0/24=127.0.0.1:" + base + "+";
  }

  private static boolean allFree(int base) {
    List<DatagramChannel> bound = new ArrayList<>();
    try {
      for (int n = 1; n <= HOSTS; n++) {
        DatagramChannel channel = DatagramChannel.open();
        bound.add(channel);
        channel.bind(new InetSocketAddress("127.0.0.1", base + n));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (DatagramChannel channel : bound) {
        try {
          channel.close();
        } catch (IOException e) {
          // closing a probe socket: nothing to do
        }
      }
    }
  }
}
