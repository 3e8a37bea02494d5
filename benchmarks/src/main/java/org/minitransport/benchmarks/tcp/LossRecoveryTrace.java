package org.minitransport.benchmarks.tcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.minitransport.core.address.Ipv4Address;
import org.minitransport.core.net.sim.NetworkTraceListener;
import org.minitransport.core.net.sim.TraceEvent;
import org.minitransport.tcp.LossRecoveryConfig;
import org.minitransport.tcp.LossRecoveryConfig.Prr;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.component.CongestionControl;
import org.minitransport.tcp.component.CongestionControlFactory;
import org.minitransport.tcp.component.ReferenceCongestionControl;

/**
 * Where the window goes under random loss: the bulk transfer of {@link
 * GoodputVersusLossSideBySide} (simulated, RTT 20 ms, loss on the data direction), traced episode
 * by episode. For every fast recovery: cwnd before, FlightSize, ssthresh, how long after the first
 * outstanding drop the loss was found, how long the recovery lasted and how many data segments
 * went out meanwhile; over the run: the time spent in recovery, the time-weighted cwnd and flight
 * against the segments delivered per RTT, and how long the receiver held in-order segments before
 * acknowledging them (delayed ACKs, RFC 9293 §3.8.6.3).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * org.minitransport.benchmarks.tcp.LossRecoveryTrace [loss-percents] [MiB-per-run] [seeds]
 * [receiver] [sender]}, e.g. {@code 1,2,5 32 1-8 delayed default}: loss rates in percent,
 * comma-separated; seeds as a list or a range; receiver {@code delayed} (the default: an ACK for
 * every second full-sized segment or after 40 ms, as Linux) or {@code every-segment} (delayed ACK
 * off, for comparison); sender {@code default} (all loss-recovery switches, CUBIC) or the default
 * with one switch changed: {@code prr-crb}, {@code prr-ssrb}, {@code prr-off} (RFC 6937's bounds,
 * or none) or {@code no-rack} (RFC 6675's DupThresh instead of RACK-TLP).
 */
public final class LossRecoveryTrace {

  static final long ONE_WAY_DELAY_NS = 10_000_000;
  private static final Ipv4Address CLIENT = Ipv4Address.parse("10.0.0.1");
  private static final long MASK = 0xFFFF_FFFFL;

  /** One fast recovery (or a loss repaired by a tail loss probe, which ends at once). */
  record Episode(long startNs, double cwndBeforeSegments, double flightSegments,
      double ssthreshSegments, double detectionDelayMs, double durationMs,
      double cwndAfterSegments, long segmentsSent) {}

  /** What one traced run measured. */
  record Trace(SimulatedBulkTransfer.Result result, double mathisRatio, List<Episode> episodes,
      long timeouts, double timeInRecoveryShare, double meanCwndSegments,
      double meanFlightSegments, double deliveredPerRttSegments, double meanAckDelayMs,
      double maxAckDelayMs, double shareHeldOverOneMs, double meanSegmentsHeld,
      double receiverSegmentsPerDataSegment) {}

  private LossRecoveryTrace() {}

  public static void main(String[] args) throws Exception {
    double[] losses = percents(args.length > 0 ? args[0] : "1,2,5");
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 32;
    long[] seeds = seeds(args.length > 2 ? args[2] : "7");
    boolean everySegment = args.length > 3 && receiver(args[3]);
    LossRecoveryConfig sender = sender(args.length > 4 ? args[4] : "default");
    System.out.printf(Locale.ROOT, "tcp-lite bulk transfer traced per recovery: RTT 20 ms, %d MiB"
            + " per run, sender %s, receiver ACKs %s%n", mib, sender,
        everySegment ? "every segment" : "every second segment or after 40 ms");
    for (double p : losses) {
      double ratioSum = 0;
      double ratioMin = Double.MAX_VALUE;
      double ratioMax = 0;
      for (long seed : seeds) {
        Trace t = run(seed, mib << 20, p, everySegment, sender);
        print(p, seed, t);
        ratioSum += t.mathisRatio();
        ratioMin = Math.min(ratioMin, t.mathisRatio());
        ratioMax = Math.max(ratioMax, t.mathisRatio());
      }
      if (seeds.length > 1) {
        System.out.printf(Locale.ROOT, "loss %.1f %%: goodput/Mathis over %d seeds: mean %.3f,"
            + " min %.3f, max %.3f%n%n", p * 100, seeds.length, ratioSum / seeds.length, ratioMin,
            ratioMax);
      }
    }
  }

  private static void print(double p, long seed, Trace t) {
    List<Episode> eps = t.episodes();
    double n = Math.max(1, eps.size());
    double[] durations = eps.stream().mapToDouble(Episode::durationMs).sorted().toArray();
    TreeMap<Long, Integer> detection = new TreeMap<>();
    for (Episode e : eps) {
      detection.merge(Math.round(e.detectionDelayMs() / 5) * 5, 1, Integer::sum);
    }
    System.out.printf(Locale.ROOT, "loss %.1f %%, seed %d: %.3f Mbit/s = %.3f x Mathis; %d"
            + " segments lost, %d recoveries, %d timeouts%n", p * 100, seed,
        t.result().goodputBitsPerSecond() / 1e6, t.mathisRatio(), t.result().segmentsLost(),
        eps.size(), t.timeouts());
    System.out.printf(Locale.ROOT, "  per recovery (means, segments): cwnd before %.2f, FlightSize"
            + " %.2f, ssthresh %.2f, cwnd after %.2f; data segments sent during it %.2f%n",
        eps.stream().mapToDouble(Episode::cwndBeforeSegments).sum() / n,
        eps.stream().mapToDouble(Episode::flightSegments).sum() / n,
        eps.stream().mapToDouble(Episode::ssthreshSegments).sum() / n,
        eps.stream().mapToDouble(Episode::cwndAfterSegments).sum() / n,
        eps.stream().mapToDouble(Episode::segmentsSent).sum() / n);
    System.out.printf(Locale.ROOT, "  loss found %.1f ms after the drop (mean; by 5 ms: %s);"
            + " recovery lasts %.1f ms (p50 %.1f, p90 %.1f); %.1f %% of the time in recovery%n",
        eps.stream().mapToDouble(Episode::detectionDelayMs).sum() / n, detection,
        eps.stream().mapToDouble(Episode::durationMs).sum() / n,
        durations.length == 0 ? 0 : durations[durations.length / 2],
        durations.length == 0 ? 0 : durations[durations.length * 9 / 10],
        100 * t.timeInRecoveryShare());
    System.out.printf(Locale.ROOT, "  time-weighted cwnd %.2f segments, flight %.2f; delivered"
            + " %.2f segments per 20 ms%n", t.meanCwndSegments(), t.meanFlightSegments(),
        t.deliveredPerRttSegments());
    System.out.printf(Locale.ROOT, "  receiver: in-order segments wait %.2f ms for their ACK"
            + " (max %.1f), %.1f %% of them over 1 ms; %.2f segments held on average;"
            + " %.3f segments sent (ACKs) per data segment sent%n",
        t.meanAckDelayMs(), t.maxAckDelayMs(), 100 * t.shareHeldOverOneMs(),
        t.meanSegmentsHeld(), t.receiverSegmentsPerDataSegment());
  }

  /** One traced transfer of {@code bytes} at loss {@code p}, the default sender. */
  static Trace run(long seed, long bytes, double p, boolean receiverAcksEverySegment)
      throws Exception {
    return run(seed, bytes, p, receiverAcksEverySegment, TcpConfig.defaults().lossRecovery());
  }

  /** One traced transfer with the given loss-recovery switches (CUBIC). */
  static Trace run(long seed, long bytes, double p, boolean receiverAcksEverySegment,
      LossRecoveryConfig lossRecovery) throws Exception {
    Observer observer = new Observer();
    TcpConfig defaults = TcpConfig.defaults().toBuilder().lossRecovery(lossRecovery).build();
    CongestionControlFactory reference = new ReferenceCongestionControl(
        defaults.congestionControl(), defaults.lossRecovery().hyStart());
    TcpConfig.Builder config = defaults.toBuilder()
        .congestionControl((smss, rtt) -> observer.watch(reference.create(smss, rtt)));
    if (receiverAcksEverySegment) {
      config.delayedAck(Duration.ZERO);
    }
    SimulatedBulkTransfer.Result r = SimulatedBulkTransfer.run(
        seed, bytes, ONE_WAY_DELAY_NS, p, config.build(), observer);
    double rttSeconds = 2 * ONE_WAY_DELAY_NS / 1e9;
    double mathis = Math.min(r.mss() / rttSeconds * 1.22 / Math.sqrt(p),
        defaults.receiveBufferBytes() / rttSeconds) * 8;
    double seconds = r.simulatedSeconds();
    double mss = r.mss();
    return new Trace(r, r.goodputBitsPerSecond() / mathis, observer.episodes, observer.timeouts,
        observer.recoveryNs / 1e9 / seconds, observer.cwndByteNs / observer.observedNs / mss,
        observer.flightByteNs / observer.observedNs / mss, bytes / mss / (seconds / rttSeconds),
        observer.ackDelayNs / 1e6 / Math.max(1, observer.ackedInOrder),
        observer.maxAckDelayNs / 1e6,
        (double) observer.heldOverOneMs / Math.max(1, observer.ackedInOrder),
        observer.ackDelayNs / 1e9 / seconds,
        (double) observer.receiverSegmentsSent / Math.max(1, observer.dataSegmentsSent));
  }

  /**
   * Watches the network's packets and the sender's congestion controller. Sequence numbers are
   * taken relative to the client's SYN, so the ISN does not matter.
   */
  private static final class Observer implements NetworkTraceListener {

    final List<Episode> episodes = new ArrayList<>();
    long timeouts;
    long recoveryNs;
    double cwndByteNs;
    double flightByteNs;
    double observedNs;
    long ackDelayNs;
    long maxAckDelayNs;
    long ackedInOrder;
    long heldOverOneMs;
    /** Segments the server (the receiver) sent, and data segments the client sent. */
    long receiverSegmentsSent;
    long dataSegmentsSent;

    private CongestionControl controller;
    private long synSeq = -1;
    private long lastEventNs;
    private long highestSentRel;
    private long highestAckRel;
    /** Data segments dropped and not delivered since: relative SEQ → time of the drop. */
    private final TreeMap<Long, Long> pendingDrops = new TreeMap<>();
    /** Delivered ranges above the receiver's RCV.NXT: start → end, relative. */
    private final TreeMap<Long, Long> outOfOrder = new TreeMap<>();
    private long rcvNxtRel = 1;
    /** In-order segments not yet acknowledged: {end, arrival time}. */
    private final ArrayDeque<long[]> unacknowledged = new ArrayDeque<>();
    private long episodeStartNs = -1;
    private double[] episodeStart;
    private long episodeSegments;

    CongestionControl watch(CongestionControl delegate) {
      controller = new Watched(delegate);
      return controller;
    }

    @Override
    public void onEvent(TraceEvent event) {
      byte[] pk = event.packet();
      long now = event.timeNs();
      if (controller != null && now > lastEventNs) {
        long dt = now - lastEventNs;
        observedNs += dt;
        cwndByteNs += (double) dt * controller.cwndBytes();
        flightByteNs += (double) dt * Math.max(0, highestSentRel - highestAckRel);
        if (episodeStartNs >= 0) {
          recoveryNs += dt;
        }
      }
      lastEventNs = Math.max(lastEventNs, now);
      if (pk == null || pk.length < 40 || (pk[9] & 0xFF) != 6) {
        return;
      }
      int ihl = (pk[0] & 0x0F) * 4;
      long seq = u32(pk, ihl + 4);
      long ack = u32(pk, ihl + 8);
      boolean syn = (pk[ihl + 13] & 0x02) != 0;
      int payload = pk.length - ihl - ((pk[ihl + 12] >> 4) & 0x0F) * 4;
      if (CLIENT.equals(event.from())) {
        if (syn && synSeq < 0) {
          synSeq = seq;
        }
        if (payload <= 0 || synSeq < 0) {
          return;
        }
        long rel = (seq - synSeq) & MASK;
        switch (event.kind()) {
          case SENT -> {
            dataSegmentsSent++;
            highestSentRel = Math.max(highestSentRel, rel + payload);
            if (episodeStartNs >= 0) {
              episodeSegments++;
            }
          }
          case DROPPED -> pendingDrops.putIfAbsent(rel, now);
          case DELIVERED -> {
            pendingDrops.remove(rel);
            arrived(rel, rel + payload, now);
          }
          default -> { }
        }
      } else if (synSeq >= 0 && !syn) {
        long ackRel = (ack - synSeq) & MASK;
        if (event.kind() == TraceEvent.Kind.SENT) {
          receiverSegmentsSent++;
          while (!unacknowledged.isEmpty() && unacknowledged.peek()[0] <= ackRel) {
            long delay = now - unacknowledged.poll()[1];
            ackDelayNs += delay;
            maxAckDelayNs = Math.max(maxAckDelayNs, delay);
            ackedInOrder++;
            heldOverOneMs += delay > 1_000_000 ? 1 : 0;
          }
        } else if (event.kind() == TraceEvent.Kind.DELIVERED) {
          highestAckRel = Math.max(highestAckRel, ackRel);
          pendingDrops.headMap(ackRel).clear();
        }
      }
    }

    /** A data segment reached the receiver: in order, it waits for an ACK; else it is held. */
    private void arrived(long startRel, long endRel, long now) {
      if (startRel != rcvNxtRel) {
        if (startRel > rcvNxtRel) {
          outOfOrder.merge(startRel, endRel, Math::max);
        }
        return;
      }
      unacknowledged.add(new long[] {endRel, now});
      rcvNxtRel = endRel;
      for (Map.Entry<Long, Long> e = outOfOrder.firstEntry();
          e != null && e.getKey() <= rcvNxtRel; e = outOfOrder.firstEntry()) {
        rcvNxtRel = Math.max(rcvNxtRel, e.getValue());
        outOfOrder.remove(e.getKey());
      }
    }

    private final class Watched implements CongestionControl {
      private final CongestionControl d;

      Watched(CongestionControl delegate) {
        this.d = delegate;
      }

      @Override
      public Signal onAck(long nowNs, long ackedBytes, long flightBeforeBytes, long ackAbs,
          long sndNxtAbs) {
        return d.onAck(nowNs, ackedBytes, flightBeforeBytes, ackAbs, sndNxtAbs);
      }

      @Override
      public Signal onDuplicateAck(long nowNs, long ackAbs, long flightBytes, long sndNxtAbs) {
        return d.onDuplicateAck(nowNs, ackAbs, flightBytes, sndNxtAbs);
      }

      @Override
      public void onRetransmissionTimeout(long nowNs, long flightBytes, long sndNxtAbs) {
        timeouts++;
        d.onRetransmissionTimeout(nowNs, flightBytes, sndNxtAbs);
      }

      @Override
      public void beforeSendingData(long nowNs, long rtoNs) {
        d.beforeSendingData(nowNs, rtoNs);
      }

      @Override
      public long cwndBytes() {
        return d.cwndBytes();
      }

      @Override
      public long ssthreshBytes() {
        return d.ssthreshBytes();
      }

      @Override
      public boolean inRecovery() {
        return d.inRecovery();
      }

      @Override
      public void onRttSample(long nowNs, long rttNs) {
        d.onRttSample(nowNs, rttNs);
      }

      @Override
      public boolean supportsSenderRecovery() {
        return d.supportsSenderRecovery();
      }

      @Override
      public long onLossDetected(long nowNs, long flightBytes, long sndNxtAbs) {
        long cwndBefore = d.cwndBytes();
        long ssthresh = d.onLossDetected(nowNs, flightBytes, sndNxtAbs);
        Long firstDropNs = pendingDrops.isEmpty() ? null
            : pendingDrops.values().stream().min(Long::compare).orElse(null);
        episodeStartNs = nowNs;
        episodeSegments = 0;
        episodeStart = new double[] {cwndBefore, flightBytes, ssthresh,
            firstDropNs == null ? -1 : (nowNs - firstDropNs) / 1e6};
        return ssthresh;
      }

      @Override
      public void setWindowInRecovery(long cwndBytes) {
        d.setWindowInRecovery(cwndBytes);
      }

      @Override
      public void onRecoveryEnd() {
        d.onRecoveryEnd();
        if (episodeStartNs >= 0) {
          double mss = 1448;
          episodes.add(new Episode(episodeStartNs, episodeStart[0] / mss, episodeStart[1] / mss,
              episodeStart[2] / mss, episodeStart[3], (lastEventNs - episodeStartNs) / 1e6,
              d.cwndBytes() / mss, episodeSegments));
          episodeStartNs = -1;
        }
      }

      @Override
      public UndoPoint undoPoint() {
        return d.undoPoint();
      }

      @Override
      public void undo(UndoPoint prior) {
        d.undo(prior);
      }
    }
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8)
        | (b[at + 3] & 0xFFL);
  }

  /** "1,2,5" → {0.01, 0.02, 0.05}; a rate outside (0, 100) % is named. */
  static double[] percents(String list) {
    double[] out = Arrays.stream(list.split(",")).map(String::trim)
        .mapToDouble(Double::parseDouble).map(x -> x / 100).toArray();
    for (double p : out) {
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("loss rate " + p * 100 + " % must be in (0, 100)");
      }
    }
    return out;
  }

  /** "7" or "1,3" or "1-8". */
  static long[] seeds(String spec) {
    if (spec.contains("-")) {
      String[] ends = spec.split("-", 2);
      long from = Long.parseLong(ends[0].trim());
      long to = Long.parseLong(ends[1].trim());
      if (to < from) {
        throw new IllegalArgumentException("seed range " + spec + " runs backwards");
      }
      return java.util.stream.LongStream.rangeClosed(from, to).toArray();
    }
    return Arrays.stream(spec.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
  }

  static LossRecoveryConfig sender(String name) {
    LossRecoveryConfig linux = LossRecoveryConfig.linuxDefaults();
    return switch (name) {
      case "default" -> linux;
      case "prr-crb" -> linux.withPrr(Prr.CONSERVATIVE);
      case "prr-ssrb" -> linux.withPrr(Prr.SLOW_START);
      case "prr-off" -> linux.withPrr(Prr.OFF);
      case "no-rack" -> linux.withRackTlp(false);
      default -> throw new IllegalArgumentException("sender " + name
          + ": expected default, prr-crb, prr-ssrb, prr-off or no-rack");
    };
  }

  private static boolean receiver(String name) {
    return switch (name) {
      case "delayed" -> false;
      case "every-segment" -> true;
      default -> throw new IllegalArgumentException(
          "receiver " + name + ": expected delayed or every-segment");
    };
  }
}
