package org.minitransport.tcp.component;

/**
 * A deliberately plain {@link CongestionControl}: Reno's slow start and congestion avoidance
 * (RFC 5681 §3.1), a fast retransmit on the third duplicate ACK that halves the window, and
 * cwnd = 1 SMSS after a timeout. No fast recovery, no restart after idle, none of the sender's
 * recovery hooks (the defaults: {@link #supportsSenderRecovery()} is false).
 */
public final class MinimalCongestionControl implements CongestionControl {

  private final long smss;
  private long cwnd;
  private long ssthresh = Long.MAX_VALUE;
  private int duplicateAcks;

  public MinimalCongestionControl(long smssBytes) {
    this.smss = smssBytes;
    this.cwnd = CongestionControl.initialWindowBytes(smssBytes);
  }

  @Override
  public Signal onAck(long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs,
      long sndNxtAbs) {
    if (ackedBytes <= 0 || ackedBytes > flightSizeBeforeAckBytes) {
      throw new IllegalArgumentException("acked " + ackedBytes + " of a flight of "
          + flightSizeBeforeAckBytes);
    }
    duplicateAcks = 0;
    if (cwnd < ssthresh) {
      cwnd += Math.min(ackedBytes, smss);
    } else {
      cwnd += Math.max(1, smss * smss / cwnd);
    }
    return Signal.NONE;
  }

  @Override
  public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
    if (++duplicateAcks != 3) {
      return Signal.NONE;
    }
    ssthresh = Math.max(flightSizeBytes / 2, 2 * smss);
    cwnd = ssthresh;
    return Signal.FAST_RETRANSMIT;
  }

  @Override
  public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {
    ssthresh = Math.max(flightSizeBytes / 2, 2 * smss);
    cwnd = smss;
    duplicateAcks = 0;
  }

  @Override
  public void beforeSendingData(long nowNs, long rtoNs) {}

  @Override
  public long cwndBytes() {
    return cwnd;
  }

  @Override
  public long ssthreshBytes() {
    return ssthresh;
  }

  @Override
  public boolean inRecovery() {
    return false;
  }
}
