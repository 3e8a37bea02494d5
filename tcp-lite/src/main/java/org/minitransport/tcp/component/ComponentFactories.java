package org.minitransport.tcp.component;

import java.util.Objects;
import org.minitransport.tcp.TcpConfig;
import org.minitransport.tcp.internal.ChunkedByteStream;
import org.minitransport.tcp.internal.Rfc6298RttEstimator;
import org.minitransport.tcp.internal.Rfc9293Receiver;
import org.minitransport.tcp.internal.Rfc9293Sender;
import org.minitransport.tcp.internal.SortedRunReassembler;

/**
 * The factories a connection builds its components with, one per component; {@link
 * TcpConfig#components()} holds them and {@link TcpConfig.Builder} sets them one by one ({@code
 * byteStream}, {@code reassembler}, {@code receiver}, {@code sender}, {@code rttEstimator},
 * {@code congestionControl}). A connection constructs its components only through these.
 *
 * @param byteStream makes the outbound and inbound streams
 * @param reassembler makes the reassembler writing into the inbound stream
 * @param receiver makes the receiver around the reassembler
 * @param sender makes the sender reading the outbound stream
 * @param rttEstimator makes the RTT estimator the sender times segments with
 * @param congestionControl makes the congestion controllers the sender asks for
 */
public record ComponentFactories(ByteStreamFactory byteStream, ReassemblerFactory reassembler,
    TcpReceiverFactory receiver, TcpSenderFactory sender, RttEstimatorFactory rttEstimator,
    CongestionControlFactory congestionControl) {

  /** The reference stream factory; a connection given it shares its endpoint's buffer pool. */
  private static final ByteStreamFactory REFERENCE_BYTE_STREAM = ChunkedByteStream::new;
  private static final ReassemblerFactory REFERENCE_REASSEMBLER = SortedRunReassembler::new;
  private static final TcpReceiverFactory REFERENCE_RECEIVER = Rfc9293Receiver::new;
  private static final TcpSenderFactory REFERENCE_SENDER = Rfc9293Sender::new;
  private static final RttEstimatorFactory REFERENCE_RTT_ESTIMATOR = Rfc6298RttEstimator::new;

  /** @throws NullPointerException if any factory is null */
  public ComponentFactories {
    Objects.requireNonNull(byteStream, "byteStream");
    Objects.requireNonNull(reassembler, "reassembler");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(rttEstimator, "rttEstimator");
    Objects.requireNonNull(congestionControl, "congestionControl");
  }

  /**
   * The reference implementations: {@code ChunkedByteStream}, {@code SortedRunReassembler},
   * {@code Rfc9293Receiver}, {@code Rfc9293Sender}, {@code Rfc6298RttEstimator}, and NewReno
   * with CUBIC growth and HyStart++ (what {@link TcpConfig#defaults()} uses).
   */
  public static ComponentFactories reference() {
    return new ComponentFactories(REFERENCE_BYTE_STREAM, REFERENCE_REASSEMBLER,
        REFERENCE_RECEIVER, REFERENCE_SENDER, REFERENCE_RTT_ESTIMATOR,
        new ReferenceCongestionControl(TcpConfig.CongestionAlgorithm.CUBIC, true));
  }

  /**
   * Whether {@code factory} is one of the reference factories {@link #reference()} returns (the
   * same object), or a {@link ReferenceCongestionControl}: what a scenario file can name and
   * read back.
   */
  public static boolean isReference(Object factory) {
    return factory == REFERENCE_BYTE_STREAM || factory == REFERENCE_REASSEMBLER
        || factory == REFERENCE_RECEIVER || factory == REFERENCE_SENDER
        || factory == REFERENCE_RTT_ESTIMATOR || factory instanceof ReferenceCongestionControl;
  }

  /** Whether {@link #byteStream()} is the reference's (then connections pool their buffers). */
  public boolean usesReferenceByteStream() {
    return byteStream == REFERENCE_BYTE_STREAM;
  }

  /** These factories with another byte-stream factory. */
  public ComponentFactories withByteStream(ByteStreamFactory value) {
    return new ComponentFactories(value, reassembler, receiver, sender, rttEstimator,
        congestionControl);
  }

  /** These factories with another reassembler factory. */
  public ComponentFactories withReassembler(ReassemblerFactory value) {
    return new ComponentFactories(byteStream, value, receiver, sender, rttEstimator,
        congestionControl);
  }

  /** These factories with another receiver factory. */
  public ComponentFactories withReceiver(TcpReceiverFactory value) {
    return new ComponentFactories(byteStream, reassembler, value, sender, rttEstimator,
        congestionControl);
  }

  /** These factories with another sender factory. */
  public ComponentFactories withSender(TcpSenderFactory value) {
    return new ComponentFactories(byteStream, reassembler, receiver, value, rttEstimator,
        congestionControl);
  }

  /** These factories with another RTT-estimator factory. */
  public ComponentFactories withRttEstimator(RttEstimatorFactory value) {
    return new ComponentFactories(byteStream, reassembler, receiver, sender, value,
        congestionControl);
  }

  /** These factories with another congestion-control factory. */
  public ComponentFactories withCongestionControl(CongestionControlFactory value) {
    return new ComponentFactories(byteStream, reassembler, receiver, sender, rttEstimator,
        value);
  }
}
