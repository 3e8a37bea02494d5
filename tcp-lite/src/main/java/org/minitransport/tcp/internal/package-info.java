/**
 * The pieces tcp-lite's engine is built from, one concern per class, each testable alone (the
 * classic course decomposition, as in CS144's Minnow). The reference implementations of the
 * component interfaces in {@link org.minitransport.tcp.component}:
 *
 * <ul>
 *   <li>{@link org.minitransport.tcp.internal.ChunkedByteStream}: a bounded in-memory byte pipe,
 *       its own writer and reader, holding memory only for what it buffers (chunks from a {@link
 *       org.minitransport.tcp.internal.ChunkPool});
 *   <li>{@link org.minitransport.tcp.internal.SortedRunReassembler}: puts substrings that arrive
 *       out of order, overlapping or duplicated back into one ordered stream;
 *   <li>{@link org.minitransport.tcp.internal.Rfc9293Receiver} and {@link
 *       org.minitransport.tcp.internal.Rfc9293Sender}: the two halves of a connection, with SACK,
 *       D-SACK, urgent data and loss recovery;
 *   <li>{@link org.minitransport.tcp.internal.Rfc6298RttEstimator}: smoothed RTT and the
 *       retransmission timeout (RFC 6298);
 *   <li>{@link org.minitransport.tcp.internal.NewRenoCongestionControl} (made by {@link
 *       org.minitransport.tcp.component.ReferenceCongestionControl}): the congestion window (RFC
 *       5681, RFC 6582), with {@link org.minitransport.tcp.internal.CubicWindowGrowth} (RFC 9438)
 *       and {@link org.minitransport.tcp.internal.HyStartPlusPlus} (RFC 9406);
 *   <li>{@link org.minitransport.tcp.internal.SynCookies}: stateless SYN-ACKs for a full SYN queue
 *       (RFC 4987 §3.6);
 *   <li>{@link org.minitransport.tcp.internal.Pacing}: the sender's optional pacing, at Linux's
 *       rate (no RFC rule; RFC 8985 §7.2 and RFC 9002 §7.7 recommend it).
 * </ul>
 *
 * <p>Loss recovery with SACK, one algorithm per class, joined by {@link
 * org.minitransport.tcp.internal.SackRecovery} (RFC 6675 §5):
 *
 * <ul>
 *   <li>{@link org.minitransport.tcp.internal.SackScoreboard}: what the peer holds, what is lost,
 *       the pipe (RFC 6675 §3–4);
 *   <li>{@link org.minitransport.tcp.internal.RackLossDetection} and {@link
 *       org.minitransport.tcp.internal.TailLossProbe}: RACK-TLP (RFC 8985);
 *   <li>{@link org.minitransport.tcp.internal.ProportionalRateReduction}: PRR (RFC 6937);
 *   <li>{@link org.minitransport.tcp.internal.RetransmissionUndo}: spurious recoveries (RFC 3522,
 *       RFC 3708).
 * </ul>
 *
 * <p>And the parts of one connection's state machine that stand alone:
 *
 * <ul>
 *   <li>{@link org.minitransport.tcp.internal.ConnectionParts}: the components, built through
 *       {@link org.minitransport.tcp.TcpConfig#components()}, and what the connection learns of
 *       both sequence spaces by watching them;
 *   <li>{@link org.minitransport.tcp.internal.SegmentAcceptance}: the first check on an arriving
 *       segment (RFC 9293 §3.10.7.4) and how an unacceptable one is answered;
 *   <li>{@link org.minitransport.tcp.internal.SegmentOutput}: building outgoing segments and the
 *       acknowledgment state (delayed ACKs, Last.ACK.sent, the RFC 5961 §7 limit);
 *   <li>{@link org.minitransport.tcp.internal.LivenessTimers}: when to give up on a silent peer
 *       (R2, keep-alive, the user timeout, the FIN-WAIT-2 timeout);
 *   <li>{@link org.minitransport.tcp.internal.ConnectionLifecycle}: the state and its moves
 *       around the data path (established, the FIN exchange, TIME-WAIT, reset, failure) and the
 *       events they post;
 *   <li>{@link org.minitransport.tcp.internal.HandshakeArrival}: segments that belong to the
 *       handshake (SYN-SENT, RFC 9293 §3.10.7.3; the peer's SYN again in SYN-RECEIVED).
 * </ul>
 *
 * <p>Everything here is sans-IO: no threads, no clocks (time arrives as a {@code nowNs} argument),
 * no randomness (secrets are injected), and no thread-safety; each connection owns its own
 * instances, except the chunk pool, which one endpoint's connections share on its thread. Not API:
 * these classes may change between versions.
 */
package org.minitransport.tcp.internal;
