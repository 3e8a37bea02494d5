package org.minitransport.core.net.tun;

/**
 * A separate program for {@link TunNetworkTest}: tries to open the TUN interface named by its
 * argument and prints the outcome ("opened", or the failure's reason and message), so a test can
 * run it with fewer privileges than itself.
 */
public final class OpenTunAndReport {

  private OpenTunAndReport() {}

  public static void main(String[] args) {
    TunConfig config = TunConfig.builder().interfaceName(args[0]).kernelCidr(args[1]).build();
    try (TunNetwork network = TunNetwork.open(config)) {
      System.out.println("opened");
    } catch (TunException e) {
      System.out.println(e.reason() + ": " + e.getMessage());
    }
  }
}
