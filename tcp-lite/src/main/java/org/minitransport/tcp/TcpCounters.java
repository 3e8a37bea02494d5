package org.minitransport.tcp;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * TCP counters of one endpoint in the style of the TCP-MIB (RFC 4022) and Linux {@code
 * /proc/net/snmp} and {@code nstat}; each accessor names the counter it follows. Thread-safe to
 * read.
 *
 * <p>Every counter is a public no-argument method returning {@code long}, or one of {@link
 * #lossRecovery()}'s; {@link #snapshot()} lists them all, the first by method name, the others by
 * their {@code nstat} names, so a counter added to either shows up in {@code netstat} without
 * further wiring.
 */
public final class TcpCounters {

  /** The counter accessors, by name, found once: every public {@code long name()} declared here. */
  private static final List<Method> ACCESSORS = findAccessors();

  final LongAdder activeOpens = new LongAdder();
  final LongAdder passiveOpens = new LongAdder();
  final LongAdder attemptFails = new LongAdder();
  final LongAdder establishedResets = new LongAdder();
  final LongAdder inSegments = new LongAdder();
  final LongAdder outSegments = new LongAdder();
  final LongAdder retransmittedSegments = new LongAdder();
  final LongAdder inErrors = new LongAdder();
  final LongAdder inChecksumErrors = new LongAdder();
  final LongAdder outResets = new LongAdder();
  final LongAdder listenDrops = new LongAdder();
  final LongAdder listenOverflows = new LongAdder();
  final LongAdder syncookiesSent = new LongAdder();
  final LongAdder syncookiesRecv = new LongAdder();
  final LongAdder syncookiesFailed = new LongAdder();
  final LongAdder invalidFlagDrops = new LongAdder();
  final LongAdder badSourceDrops = new LongAdder();
  final LongAdder challengeAcks = new LongAdder();
  final LongAdder acksRateLimited = new LongAdder();
  final LongAdder pawsRejects = new LongAdder();
  final LongAdder outOfWindowDrops = new LongAdder();
  final LongAdder timeoutAborts = new LongAdder();
  final LongAdder userTimeouts = new LongAdder();
  final LongAdder finWait2Timeouts = new LongAdder();
  private volatile LossRecoveryCounters lossRecovery = LossRecoveryCounters.NONE;

  /** Adds what a connection's loss recovery counted since the endpoint last collected it. */
  synchronized void addRecovery(LossRecoveryCounters counted) {
    lossRecovery = lossRecovery.plus(counted);
  }

  /**
   * What loss recovery did on every connection of this endpoint: retransmission timeouts ({@code
   * TCPTimeouts}), fast retransmits, tail loss probes, D-SACKs, undos (see {@link
   * LossRecoveryCounters} for the Linux names).
   */
  public LossRecoveryCounters lossRecovery() {
    return lossRecovery;
  }

  /** Connections that went SYN-SENT ({@code tcpActiveOpens}). */
  public long activeOpens() {
    return activeOpens.sum();
  }

  /** Connections that went SYN-RECEIVED from LISTEN ({@code tcpPassiveOpens}). */
  public long passiveOpens() {
    return passiveOpens.sum();
  }

  /** Opens that failed: refused, reset or timed out before ESTABLISHED ({@code tcpAttemptFails}). */
  public long attemptFails() {
    return attemptFails.sum();
  }

  /** Established connections that were reset or timed out ({@code tcpEstabResets}). */
  public long establishedResets() {
    return establishedResets.sum();
  }

  /** Segments received, including bad ones ({@code tcpInSegs}). */
  public long inSegments() {
    return inSegments.sum();
  }

  /** Segments sent ({@code tcpOutSegs}). */
  public long outSegments() {
    return outSegments.sum();
  }

  /** Retransmitted segments ({@code tcpRetransSegs}). */
  public long retransmittedSegments() {
    return retransmittedSegments.sum();
  }

  /** Segments dropped as malformed or with a bad checksum ({@code tcpInErrs}). */
  public long inErrors() {
    return inErrors.sum();
  }

  /** Of {@link #inErrors()}, the checksum failures. */
  public long inChecksumErrors() {
    return inChecksumErrors.sum();
  }

  /** Resets sent ({@code tcpOutRsts}). */
  public long outResets() {
    return outResets.sum();
  }

  /**
   * Segments a listener dropped instead of starting or completing a handshake, whatever the reason
   * (Linux {@code ListenDrops}): every {@link #listenOverflows()}, SYNs that found the SYN queue full
   * with SYN cookies off, and SYNs for a socket pair still in use.
   */
  public long listenDrops() {
    return listenDrops.sum();
  }

  /**
   * ACKs sent in answer to unacceptable segments — out-of-window segments, RSTs and SYNs that do
   * not match exactly, ACKs of unsent data, PAWS rejects — through the per-connection RFC 5961 §7
   * limit (Linux {@code TCPChallengeACK}, which counts only the RST/SYN/ACK challenges).
   */
  public long challengeAcks() {
    return challengeAcks.sum();
  }

  /**
   * ACKs the RFC 5961 §7 limit held back (Linux {@code TCPACKSkippedSeq}, {@code
   * TCPACKSkippedPAWS}, {@code TCPACKSkippedChallenge}, … together).
   */
  public long acksRateLimited() {
    return acksRateLimited.sum();
  }

  /** Segments dropped by PAWS, RFC 7323 §5 (Linux {@code PAWSEstab}). */
  public long pawsRejects() {
    return pawsRejects.sum();
  }

  /**
   * Segments dropped by the sequence-number check of RFC 9293 §3.10.7.4 (outside the receive
   * window, or entirely old), RSTs included (Linux drop reason {@code TCP_INVALID_SEQUENCE}).
   */
  public long outOfWindowDrops() {
    return outOfWindowDrops.sum();
  }

  /**
   * Connections given up on a silent peer: R2 retransmissions, unanswered zero-window or
   * keep-alive probes, the user timeout, the FIN-WAIT-2 timeout (Linux {@code TCPAbortOnTimeout}).
   */
  public long timeoutAborts() {
    return timeoutAborts.sum();
  }

  /** Of {@link #timeoutAborts()}, those ended by the user timeout (RFC 5482). */
  public long userTimeouts() {
    return userTimeouts.sum();
  }

  /** Of {@link #timeoutAborts()}, closed connections whose peer never sent its FIN in time. */
  public long finWait2Timeouts() {
    return finWait2Timeouts.sum();
  }

  /**
   * Of {@link #listenDrops()}, the SYNs and completing ACKs dropped because the listener's accept
   * queue was full (Linux {@code ListenOverflows}); the peer's retransmission tries again.
   */
  public long listenOverflows() {
    return listenOverflows.sum();
  }

  /** SYN-ACKs sent with a SYN cookie because the SYN queue was full (Linux {@code SyncookiesSent}). */
  public long syncookiesSent() {
    return syncookiesSent.sum();
  }

  /** ACKs whose SYN cookie was valid, each a new connection (Linux {@code SyncookiesRecv}). */
  public long syncookiesRecv() {
    return syncookiesRecv.sum();
  }

  /**
   * ACKs to a listener that had sent SYN cookies recently whose cookie did not check out: forged,
   * or older than the cookie lifetime (Linux {@code SyncookiesFailed}); each is answered with RST.
   */
  public long syncookiesFailed() {
    return syncookiesFailed.sum();
  }

  /**
   * Segments to a listener dropped for their control bits: SYN with FIN (discarded as Linux does,
   * rather than queuing the FIN as RFC 9293 §3.10.7.2 allows), SYN with RST, and segments with
   * neither SYN, ACK nor RST (FIN, PSH or URG alone, or no bits at all: scans).
   */
  public long invalidFlagDrops() {
    return invalidFlagDrops.sum();
  }

  /**
   * Segments dropped because nothing could answer their source: source port 0, or a SYN whose
   * source socket is the listener's own (a "land" attack). Source addresses no packet may carry
   * (0.0.0.0, broadcast, multicast, loopback, forged own address) never reach TCP: the host drops
   * them as {@code MARTIAN_SOURCE}.
   */
  public long badSourceDrops() {
    return badSourceDrops.sum();
  }

  /**
   * Every counter of this class, by accessor name in alphabetical order, then loss recovery's by
   * their Linux {@code nstat} names ({@code TCPTimeouts}, {@code TCPFastRetrans}, {@code
   * TCPLossProbes}, …; {@link LossRecoveryCounters#byNstatName()}): a point-in-time copy, for
   * {@code netstat}. Built from the public {@code long} accessors and the record, so it lists each
   * counter there is.
   */
  public Map<String, Long> snapshot() {
    Map<String, Long> values = new LinkedHashMap<>();
    for (Method accessor : ACCESSORS) {
      try {
        values.put(accessor.getName(), (Long) accessor.invoke(this));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("counter " + accessor.getName() + " cannot be read", e);
      }
    }
    values.putAll(lossRecovery.byNstatName());
    return Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    snapshot().forEach((name, value) -> {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(name).append('=').append(value);
    });
    return text.toString();
  }

  private static List<Method> findAccessors() {
    List<Method> found = new ArrayList<>();
    for (Method method : TcpCounters.class.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
          && method.getParameterCount() == 0 && method.getReturnType() == long.class) {
        found.add(method);
      }
    }
    found.sort(Comparator.comparing(Method::getName));
    return List.copyOf(found);
  }
}
