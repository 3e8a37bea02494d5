package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.minitransport.core.port.PortState;

/**
 * TcpState is the RFC 9293 §3.3.2 state machine's enum; core's PortState is what the port table
 * shows per binding, for UDP as well as TCP. The two overlap by design, so the mapping between
 * them is pinned here: it must cover every state, or a binding's netstat label would throw.
 */
class TcpStateTest {

  @Test
  void everyStateHasThePortTableLabelOfTheSameName() {
    for (TcpState state : TcpState.values()) {
      PortState label = state.toPortState();
      assertEquals(state == TcpState.CLOSED ? "BOUND" : state.name(), label.name(), state.name());
    }
  }

  @Test
  void everyPortTableLabelButBoundIsATcpState() {
    for (PortState label : PortState.values()) {
      if (label != PortState.BOUND) {
        assertEquals(label, TcpState.valueOf(label.name()).toPortState());
      }
    }
  }

  @Test
  void synchronizedStatesAreEstablishedAndLater() {
    EnumSet<TcpState> synced = EnumSet.range(TcpState.ESTABLISHED, TcpState.TIME_WAIT);
    for (TcpState state : TcpState.values()) {
      if (synced.contains(state)) {
        assertTrue(state.isSynchronized(), state.name());
      } else {
        assertFalse(state.isSynchronized(), state.name());
      }
    }
  }
}
