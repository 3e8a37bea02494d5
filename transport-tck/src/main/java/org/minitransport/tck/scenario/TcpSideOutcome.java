package org.minitransport.tck.scenario;

import java.util.Optional;
import org.minitransport.tcp.TcpConnection;
import org.minitransport.tcp.TcpState;

/**
 * What one application of a {@link TcpScenario} saw.
 *
 * @param toWrite the bytes its application meant to write
 * @param written the bytes its connection took
 * @param expectedToRead the bytes the peer's application meant to write
 * @param read the bytes it read (each checked against what the peer wrote)
 * @param endOfStream whether it read the peer's end of stream
 * @param failure its connection's failure, if any
 * @param connected whether its connection ever reached a synchronized state
 * @param aborted whether the application aborted the connection
 * @param finalState its connection's state at the end
 */
public record TcpSideOutcome(int toWrite, int written, int expectedToRead, int read,
    boolean endOfStream, Optional<TcpConnection.Failure> failure, boolean connected,
    boolean aborted, TcpState finalState) {

  /** A failure, or never connected: the application saw an error. */
  public boolean sawError() {
    return failure.isPresent() || !connected;
  }

  /** Every byte the peer meant to write, and the end of stream. */
  public boolean receivedEverything() {
    return read == expectedToRead && endOfStream;
  }

  @Override
  public String toString() {
    return "wrote " + written + "/" + toWrite + ", read " + read + "/" + expectedToRead
        + (endOfStream ? " and EOF" : " without EOF") + (aborted ? ", aborted" : "")
        + failure.map(f -> ", failure " + f).orElse("") + (connected ? "" : ", never connected")
        + ", " + finalState;
  }
}
