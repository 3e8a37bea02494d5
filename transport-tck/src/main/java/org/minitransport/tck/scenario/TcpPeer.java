package org.minitransport.tck.scenario;

import java.util.Objects;
import org.minitransport.tcp.TcpConfig;

/**
 * One side of a {@link TcpScenario}: its TCP configuration and its application.
 *
 * @param config the side's {@link TcpConfig} (every field travels in the scenario's JSON, so a
 *     new switch in {@code TcpConfig} is part of every scenario at once)
 * @param application what the side's application does
 */
public record TcpPeer(TcpConfig config, TcpApplication application) {

  public TcpPeer {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(application, "application");
  }
}
