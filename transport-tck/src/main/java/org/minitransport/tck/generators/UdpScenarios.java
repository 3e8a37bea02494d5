package org.minitransport.tck.generators;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.tck.scenario.UdpScenario;
import org.minitransport.tck.scenario.UdpSend;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generators of {@link UdpScenario}s: 2–3 hosts, each socket bound to its host's address or the
 * wildcard, 1 to {@code maxSends} datagrams of 0–1472 bytes between random sockets 0–3 ms apart,
 * and, half the time, a second round after every socket was closed and opened again. Shrinks
 * towards two hosts, fewer and shorter datagrams, and one round.
 */
public final class UdpScenarios {

  private static final int MAX_LENGTH = 1472;

  private UdpScenarios() {}

  public static Gen<UdpScenario> scenarios(Gen<LinkConfig> links, int maxSends) {
    return in -> {
      long seed = in.next(Constraint.none());
      LinkConfig link = links.generate(in);
      int hosts = (int) between(in, 2, 3);
      List<Boolean> wildcard = new ArrayList<>();
      for (int i = 0; i < hosts * UdpScenario.PORTS.size(); i++) {
        wildcard.add(between(in, 0, 1) == 1);
      }
      int count = (int) between(in, 1, maxSends);
      List<UdpSend> sends = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        sends.add(new UdpSend((int) between(in, 1, hosts), (int) between(in, 0, 1),
            (int) between(in, 1, hosts), (int) between(in, 0, 1),
            (int) between(in, 0, MAX_LENGTH), between(in, 0, 3_000_000)));
      }
      boolean reopen = between(in, 0, 1) == 1;
      return new UdpScenario(seed, link, hosts, wildcard, sends, reopen, 1_000_000);
    };
  }

  private static long between(RandomnessSource in, long min, long max) {
    return in.next(Constraint.between(min, max).withShrinkPoint(min));
  }
}
