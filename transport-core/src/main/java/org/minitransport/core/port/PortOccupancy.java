package org.minitransport.core.port;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minitransport.core.address.Ipv4Address;

/**
 * Every binding on one port of one {@link HashedPortTable}, arranged for the bind-conflict checks: the
 * unconnected bindings (a handful at most), and the connected bindings grouped by local address
 * with a count of those outside TIME-WAIT, so that the {@code reuseAddress} rule costs O(1) even
 * with many connections on the port. Guarded by the table's lock.
 */
final class PortOccupancy<T> {

  private static final class ConnectedGroup<T> {
    final Set<PortBinding<T>> members = new LinkedHashSet<>();
    int outsideTimeWait;
  }

  private final List<PortBinding<T>> unconnected = new ArrayList<>(1);
  private final Map<Ipv4Address, ConnectedGroup<T>> connectedByAddress = new HashMap<>(2);
  private int connectedCount;
  private int connectedOutsideTimeWait;

  boolean isEmpty() {
    return unconnected.isEmpty() && connectedCount == 0;
  }

  void add(PortBinding<T> binding) {
    if (!binding.isConnected()) {
      unconnected.add(binding);
      return;
    }
    ConnectedGroup<T> group =
        connectedByAddress.computeIfAbsent(binding.local().address(), a -> new ConnectedGroup<>());
    group.members.add(binding);
    connectedCount++;
    if (binding.state() != PortState.TIME_WAIT) {
      group.outsideTimeWait++;
      connectedOutsideTimeWait++;
    }
  }

  void remove(PortBinding<T> binding) {
    if (!binding.isConnected()) {
      unconnected.remove(binding);
      return;
    }
    Ipv4Address address = binding.local().address();
    ConnectedGroup<T> group = connectedByAddress.get(address);
    if (group == null || !group.members.remove(binding)) {
      return;
    }
    connectedCount--;
    if (binding.state() != PortState.TIME_WAIT) {
      group.outsideTimeWait--;
      connectedOutsideTimeWait--;
    }
    if (group.members.isEmpty()) {
      connectedByAddress.remove(address);
    }
  }

  /** Called before a connected binding moves into ({@code entering}) or out of TIME-WAIT. */
  void timeWaitChanging(PortBinding<T> binding, boolean entering) {
    ConnectedGroup<T> group = connectedByAddress.get(binding.local().address());
    int delta = entering ? -1 : 1;
    group.outsideTimeWait += delta;
    connectedOutsideTimeWait += delta;
  }

  /**
   * The first unconnected binding that keeps an unconnected bind of {@code addressBits} off this
   * port: one on the same address, or one where either address is the wildcard unless both
   * bindings set {@code reuseAddress}.
   */
  PortBinding<T> unconnectedConflicting(int addressBits, boolean reuseAddress) {
    for (int i = 0; i < unconnected.size(); i++) {
      PortBinding<T> binding = unconnected.get(i);
      int bound = binding.local().address().bits();
      if (bound == addressBits
          || ((bound == 0 || addressBits == 0) && !(reuseAddress && binding.reuseAddress()))) {
        return binding;
      }
    }
    return null;
  }

  /** The first unconnected binding whose address equals {@code addressBits} or either is 0. */
  PortBinding<T> unconnectedOverlapping(int addressBits) {
    for (int i = 0; i < unconnected.size(); i++) {
      PortBinding<T> binding = unconnected.get(i);
      int bound = binding.local().address().bits();
      if (bound == addressBits || bound == 0 || addressBits == 0) {
        return binding;
      }
    }
    return null;
  }

  /**
   * A connected binding that keeps an unconnected bind of {@code address} off this port, or null.
   * Every connected binding on an overlapping address blocks, except that with {@code
   * reuseAddress} bindings in TIME-WAIT do not.
   */
  PortBinding<T> connectedBlocking(Ipv4Address address, boolean reuseAddress) {
    if (address.isAny()) {
      if (connectedCount == 0 || (reuseAddress && connectedOutsideTimeWait == 0)) {
        return null;
      }
      return pickHolder(connectedByAddress.values());
    }
    ConnectedGroup<T> group = connectedByAddress.get(address);
    if (group == null || (reuseAddress && group.outsideTimeWait == 0)) {
      return null;
    }
    return pickHolder(List.of(group));
  }

  /** Some member, preferring one outside TIME-WAIT: the better culprit for an error message. */
  private static <T> PortBinding<T> pickHolder(Iterable<ConnectedGroup<T>> groups) {
    PortBinding<T> fallback = null;
    for (ConnectedGroup<T> group : groups) {
      for (PortBinding<T> member : group.members) {
        if (member.state() != PortState.TIME_WAIT) {
          return member;
        }
        if (fallback == null) {
          fallback = member;
        }
      }
    }
    return fallback;
  }

  void collectInto(List<PortBinding<T>> out) {
    out.addAll(unconnected);
    for (ConnectedGroup<T> group : connectedByAddress.values()) {
      out.addAll(group.members);
    }
  }
}
